/** Autocomplete tokens of fields as sensitive as passwords: one-time codes and card numbers. */
const SECRET_AUTOCOMPLETE = /password|one-time-code|cc-number|cc-csc|cc-exp/i;

export interface SecretFields {
  /** Whether a field's value must never leave the page, whatever the masking options say. */
  isSecret(el: Element): boolean;
}

/**
 * rrweb marks a field that was a password with `data-rr-is-password`; we also remember every
 * password field we meet, so a "show password" toggle that turns it into text changes nothing.
 */
export function createSecretFields(): SecretFields {
  const seenAsPassword = new WeakSet<Element>();
  return {
    isSecret(el) {
      if ((el as HTMLInputElement).type === 'password' || el.hasAttribute('data-rr-is-password')) {
        seenAsPassword.add(el);
        return true;
      }
      return seenAsPassword.has(el) || SECRET_AUTOCOMPLETE.test(el.getAttribute('autocomplete') ?? '');
    },
  };
}
