import type { CallLog } from '@loupe/schemas';
import { redactSecrets, secretNames } from './redact-secrets.ts';

/** A call log as it may be stored: its URL, curl request and response without secrets. */
export function redactCallLog(c: CallLog, extraNames: readonly string[]): CallLog {
  const isSecret = secretNames(extraNames);
  const redact = (text: string) => redactSecrets(text, isSecret);
  return { ...c, url: redact(c.url), request: redact(c.request), response: redact(c.response) };
}
