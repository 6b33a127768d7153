import type { CallLog } from '@loupe/schemas';
import { redactSecrets, secretNames } from './redact-secrets.ts';

/** A call log as it may be stored: its URL, curl request and response without secrets. */
export function redactCallLog(c: CallLog, extraNames: readonly string[]): CallLog {
  const isSecret = secretNames(extraNames);
  return { ...c, url: redactSecrets(c.url, isSecret), request: redactSecrets(c.request, isSecret), response: redactSecrets(c.response, isSecret) };
}
