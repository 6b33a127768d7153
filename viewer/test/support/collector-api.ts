import type { TestServer } from '@loupe/collector/testing/test-server';
import { apiClient } from '@loupe/testkit/api-client';

/** Calls the collector with the tenant's admin API key, as the platform and the test set-up do. */
export const adminApi = (srv: TestServer) => apiClient(srv.url, { key: srv.adminKey });

export const PASSWORD = 'correct horse battery';

/** One person per role, all with PASSWORD; usernames are the role in lower case without spaces. */
export async function createPeople(
  srv: TestServer,
): Promise<Record<'owner' | 'admin' | 'supervisor' | 'botbuilder' | 'agent', string>> {
  const api = adminApi(srv);
  const people = {
    owner: 'Owner',
    admin: 'Admin',
    supervisor: 'Supervisor',
    botbuilder: 'Bot Builder',
    agent: 'Agent',
  } as const;
  for (const [username, role] of Object.entries(people))
    await api.post('/v1/users', { username, password: PASSWORD, role });
  return { owner: 'owner', admin: 'admin', supervisor: 'supervisor', botbuilder: 'botbuilder', agent: 'agent' };
}
