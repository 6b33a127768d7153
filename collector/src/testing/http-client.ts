/** A credential as tests present it: an API key, or a signed-in cookie (sent with the site's own Origin). */
export type Credential = { key: string } | { cookie: string };

export interface Answer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** One call to a collector over real HTTP, answering status and parsed JSON (or {} when the body is not JSON). */
export async function call(
  base: string,
  method: string,
  path: string,
  who: Credential | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const auth: Record<string, string> = !who
    ? {}
    : 'key' in who
      ? { Authorization: `Bearer ${who.key}` }
      : { Cookie: who.cookie, Origin: base };
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed: Answer['body'] = {};
  try {
    parsed = text ? (JSON.parse(text) as Answer['body']) : {};
  } catch {
    // A CSV export or an empty 204.
  }
  return { status: r.status, body: parsed };
}

/** Signs in and answers the session cookie (`name=value`), or null when refused. */
export async function signIn(
  base: string,
  username: string,
  password: string,
  tenant?: string,
  headers: Record<string, string> = {},
): Promise<string | null> {
  const r = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ username, password, ...(tenant ? { tenant } : {}) }),
  });
  await r.arrayBuffer();
  return r.status === 200 ? r.headers.get('set-cookie')!.split(';')[0]! : null;
}
