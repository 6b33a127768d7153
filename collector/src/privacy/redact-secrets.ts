/**
 * Secrets out of call logs before they are stored: integration calls arrive as curl commands and
 * response bodies, which carry `Authorization` headers, cookies, API keys in URLs and passwords in
 * JSON. Whoever may open call logs (and SQL) must not read them. Every pattern here is linear (no
 * nested quantifiers) because bodies are up to a megabyte and the patterns run on every call.
 */

export const REDACTED = '[REDACTED]';

/** Header, field and parameter names that hold a secret (any part of the name, case aside). */
const SECRET_NAME =
  /token|secret|passw|passwd|pwd|api[-_]?key|apikey|authoriz|^auth$|cookie|credential|signature|^sig$|session[-_]?id|^sid$|private[-_]?key|^code$|x-amz-security|^otp$|^pin$/i;

export type NameTest = (name: string) => boolean;

/**
 * A tenant's extra names, `*` standing for any characters (`x-*-token`, `*ssn*`): names, not
 * regular expressions, so a tenant cannot hand the collector a pattern that backtracks forever.
 */
export function secretNames(extra: readonly string[] = []): NameTest {
  const globs = extra.map(
    (p) =>
      new RegExp(
        `^${p
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        'i',
      ),
  );
  return (name) => SECRET_NAME.test(name) || globs.some((g) => g.test(name));
}

/** Replaces every secret in `text` with REDACTED, leaving the rest as it was. */
export function redactSecrets(text: string, isSecret: NameTest = secretNames()): string {
  if (text === '') return text;
  return (
    text
      // curl headers: -H 'Authorization: Bearer …', --header "X-Api-Key: …"
      .replace(/(-H|--header)(\s+)'([^':\r\n]+):[ \t]*([^'\r\n]*)'/g, (m, f, sp, n: string) =>
        isSecret(n.trim()) ? `${f}${sp}'${n}: ${REDACTED}'` : m,
      )
      .replace(/(-H|--header)(\s+)"([^":\r\n]+):[ \t]*([^"\r\n]*)"/g, (m, f, sp, n: string) =>
        isSecret(n.trim()) ? `${f}${sp}"${n}: ${REDACTED}"` : m,
      )
      // curl credentials and cookies: -u user:pass, --user, -b 'a=b', --cookie
      .replace(
        /(^|\s)(-u|--user|-b|--cookie)(\s+)('[^']*'|"[^"]*"|\S+)/g,
        (_m, pre, f, sp) => `${pre}${f}${sp}'${REDACTED}'`,
      )
      // raw header lines, as a response that echoes its headers has them
      .replace(/^([A-Za-z0-9-]{1,100}):[ \t]*(\S[^\r\n]*)$/gm, (m, n: string) =>
        isSecret(n) ? `${n}: ${REDACTED}` : m,
      )
      // user:password@ in URLs
      .replace(/(https?:\/\/)([^/\s:@'"]{0,200}):([^@/\s'"]{1,500})@/gi, `$1$2:${REDACTED}@`)
      // query parameters and form bodies: ?access_token=…&, password=…
      .replace(/([?&\s'"]|^)([A-Za-z0-9_.[\]-]{1,100})=([^&#\s'"]*)/g, (m, pre, n: string) =>
        isSecret(n) ? `${pre}${n}=${REDACTED}` : m,
      )
      // JSON fields, plain and as escaped JSON inside a quoted curl -d
      .replace(/"([^"\\]{1,100})"(\s*:\s*)"(?:[^"\\]|\\.)*"/g, (m, n: string, colon) =>
        isSecret(n) ? `"${n}"${colon}"${REDACTED}"` : m,
      )
      .replace(/\\"([^"\\]{1,100})\\"(\s*:\s*)\\"(?:[^"\\]|\\[^"])*\\"/g, (m, n: string, colon) =>
        isSecret(n) ? `\\"${n}\\"${colon}\\"${REDACTED}\\"` : m,
      )
      // a bearer or basic credential wherever it appears
      .replace(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]{8,}=*/g, `$1 ${REDACTED}`)
  );
}
