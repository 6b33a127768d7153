import type { Services } from '../services.ts';

/** The fields of seed 002's Data column that hold tenant user ids (ROLE_CHANGE, CONFERENCE_RECORDING). */
const USER_FIELDS = ['tenantUser', 'joinedAgents'] as const;

function idsIn(item: { userId?: string; data?: Record<string, unknown> }): string[] {
  const ids = item.userId === undefined ? [] : [item.userId];
  for (const f of USER_FIELDS) {
    const v = item.data?.[f];
    if (typeof v === 'string') ids.push(v);
    if (Array.isArray(v)) ids.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  return ids;
}

/**
 * Seed 002 stores "the tenant user id" with every audit event; people read names. Each event gets
 * `userName`, the username of the tenant's user with that id (the viewer's own actions: sign-ins,
 * role and settings changes, Reauthorise), null for ids Loupe does not know (the platform's), and
 * `names`: the names of every known user the event mentions, its data's tenant users included.
 */
export async function withUserNames(s: Pick<Services, 'users'>, tenantId: string, items: object[]): Promise<object[]> {
  if (items.length === 0) return items;
  const known = new Map((await s.users.list(tenantId)).map((u) => [u.id, u.username]));
  return items.map((i) => {
    const item = i as { userId?: string; data?: Record<string, unknown> };
    const names: Record<string, string> = {};
    for (const id of idsIn(item)) {
      const name = known.get(id);
      if (name !== undefined) names[id] = name;
    }
    return { ...i, userName: (item.userId !== undefined && names[item.userId]) || null, names };
  });
}
