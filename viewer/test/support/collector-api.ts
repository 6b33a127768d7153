import type { TestServer } from '@loupe/collector/testing/test-server';

/** Calls the collector with the tenant's admin API key, as the platform and the test set-up do. */
export function adminApi(srv: TestServer) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${srv.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${srv.adminKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
    put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  };
}

export const PASSWORD = 'correct horse battery';

/** One person per role, all with PASSWORD; usernames are the role in lower case without spaces. */
export async function createPeople(srv: TestServer): Promise<Record<'owner' | 'admin' | 'supervisor' | 'botbuilder' | 'agent', string>> {
  const api = adminApi(srv);
  const people = { owner: 'Owner', admin: 'Admin', supervisor: 'Supervisor', botbuilder: 'Bot Builder', agent: 'Agent' } as const;
  for (const [username, role] of Object.entries(people)) await api.post('/v1/users', { username, password: PASSWORD, role });
  return { owner: 'owner', admin: 'admin', supervisor: 'supervisor', botbuilder: 'botbuilder', agent: 'agent' };
}
