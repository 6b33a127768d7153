import type { CallLog } from '@loupe/schemas';
import { type NameTest, redactSecrets, secretNames } from './redact-secrets.ts';

/** One compiled test per settings value: a tenant's names array is the same object until its settings change. */
const compiled = new WeakMap<readonly string[], NameTest>();

/** A call log as it may be stored: its URL, curl request and response without secrets. */
export function redactCallLog(c: CallLog, extraNames: readonly string[]): CallLog {
  let isSecret = compiled.get(extraNames);
  if (!isSecret) {
    isSecret = secretNames(extraNames);
    compiled.set(extraNames, isSecret);
  }
  return {
    ...c,
    url: redactSecrets(c.url, isSecret),
    request: redactSecrets(c.request, isSecret),
    response: redactSecrets(c.response, isSecret),
  };
}
