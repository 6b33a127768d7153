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

/**
 * What every name SECRET_NAME accepts contains somewhere (its anchors dropped, longer words folded
 * into their stems): a text without any of these holds no built-in secret name at all.
 */
const SECRET_NAME_PART =
  /token|secret|passw|pwd|api[-_]?key|auth|cookie|credential|sig|session[-_]?id|sid|private[-_]?key|code|x-amz-security|otp|pin/i;

export interface NameTest {
  /** Whether a header, field or parameter called `name` holds a secret. */
  (name: string): boolean;
  /**
   * False only when no name this test accepts occurs anywhere in `text` (case aside), so that no
   * rule keyed on a name can fire; true whenever one might.
   */
  mayOccurIn(text: string): boolean;
}

/**
 * A tenant's extra names, `*` standing for any characters (`x-*-token`, `*ssn*`): names, not
 * regular expressions, so a tenant cannot hand the collector a pattern that backtracks forever.
 */
export function secretNames(extra: readonly string[] = []): NameTest {
  const parts = extra.map((p) => p.split('*'));
  const literal = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const globs = parts.map((segments) => new RegExp(`^${segments.map(literal).join('.*')}$`, 'i'));
  // A name a glob accepts contains the glob's longest literal piece; a glob of stars alone accepts any.
  const pieces = parts.map((segments) => segments.reduce((a, b) => (b.length > a.length ? b : a)).toLowerCase());
  const test = (name: string) => SECRET_NAME.test(name) || globs.some((g) => g.test(name));
  return Object.assign(test, {
    mayOccurIn(text: string): boolean {
      if (SECRET_NAME_PART.test(text)) return true;
      if (pieces.length === 0) return false;
      const lower = text.toLowerCase();
      return pieces.some((p) => lower.includes(p));
    },
  });
}

/** One rewrite; `keyed` rules redact only under a secret name, `needs` is text it cannot match without. */
interface Rule {
  keyed: boolean;
  needs: readonly string[];
  apply: (text: string, isSecret: NameTest) => string;
}

const RULES: readonly Rule[] = [
  // curl headers: -H 'Authorization: Bearer …', --header "X-Api-Key: …"
  {
    keyed: true,
    needs: ['-H', '--header'],
    apply: (text, isSecret) =>
      text
        .replace(/(-H|--header)(\s+)'([^':\r\n]+):[ \t]*([^'\r\n]*)'/g, (m, f, sp, n: string) =>
          isSecret(n.trim()) ? `${f}${sp}'${n}: ${REDACTED}'` : m,
        )
        .replace(/(-H|--header)(\s+)"([^":\r\n]+):[ \t]*([^"\r\n]*)"/g, (m, f, sp, n: string) =>
          isSecret(n.trim()) ? `${f}${sp}"${n}: ${REDACTED}"` : m,
        ),
  },
  // curl credentials and cookies: -u user:pass, --user, -b 'a=b', --cookie
  {
    keyed: false,
    needs: ['-u', '-b', '--cookie'],
    apply: (text) =>
      text.replace(
        /(^|\s)(-u|--user|-b|--cookie)(\s+)('[^']*'|"[^"]*"|\S+)/g,
        (_m, pre, f, sp) => `${pre}${f}${sp}'${REDACTED}'`,
      ),
  },
  // raw header lines, as a response that echoes its headers has them
  {
    keyed: true,
    needs: [':'],
    apply: (text, isSecret) =>
      text.replace(/^([A-Za-z0-9-]{1,100}):[ \t]*(\S[^\r\n]*)$/gm, (m, n: string) =>
        isSecret(n) ? `${n}: ${REDACTED}` : m,
      ),
  },
  // user:password@ in URLs
  {
    keyed: false,
    needs: ['@'],
    apply: (text) => text.replace(/(https?:\/\/)([^/\s:@'"]{0,200}):([^@/\s'"]{1,500})@/gi, `$1$2:${REDACTED}@`),
  },
  // query parameters and form bodies: ?access_token=…&, password=…
  {
    keyed: true,
    needs: ['='],
    apply: (text, isSecret) =>
      text.replace(/([?&\s'"]|^)([A-Za-z0-9_.[\]-]{1,100})=([^&#\s'"]*)/g, (m, pre, n: string) =>
        isSecret(n) ? `${pre}${n}=${REDACTED}` : m,
      ),
  },
  // JSON fields, plain and as escaped JSON inside a quoted curl -d
  {
    keyed: true,
    needs: ['"'],
    apply: (text, isSecret) =>
      text.replace(/"([^"\\]{1,100})"(\s*:\s*)"(?:[^"\\]|\\.)*"/g, (m, n: string, colon) =>
        isSecret(n) ? `"${n}"${colon}"${REDACTED}"` : m,
      ),
  },
  {
    keyed: true,
    needs: ['\\"'],
    apply: (text, isSecret) =>
      text.replace(/\\"([^"\\]{1,100})\\"(\s*:\s*)\\"(?:[^"\\]|\\[^"])*\\"/g, (m, n: string, colon) =>
        isSecret(n) ? `\\"${n}\\"${colon}\\"${REDACTED}\\"` : m,
      ),
  },
  // a bearer or basic credential wherever it appears
  {
    keyed: false,
    needs: ['Bearer', 'Basic', 'Token'],
    apply: (text) => text.replace(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]{8,}=*/g, `$1 ${REDACTED}`),
  },
];

/**
 * Replaces every secret in `text` with REDACTED, leaving the rest as it was.
 *
 * A rule is skipped when the text lacks what it needs to match: a literal of its pattern, and for
 * the rules keyed on a name, any secret name at all. Most call-log text has none, and the nine
 * passes over every URL, request and response were a quarter of a call log's ingest CPU. Whether a
 * name occurs is asked of the text as it came: the rules only put REDACTED, quotes, `: ` and `=`
 * next to pieces of the text, which joins no letters into a new name. `everyRule` runs every pass
 * regardless (what the shortcut is tested against).
 */
export function redactSecrets(text: string, isSecret: NameTest = secretNames(), everyRule = false): string {
  if (text === '') return text;
  const named = everyRule || isSecret.mayOccurIn(text);
  let out = text;
  for (const rule of RULES) {
    if (!everyRule && ((rule.keyed && !named) || !rule.needs.some((n) => out.includes(n)))) continue;
    out = rule.apply(out, isSecret);
  }
  return out;
}
