import { createUserRequest, updateUserRequest } from '@loupe/schemas';
import type { Hono } from 'hono';
import { assertMayGrantRole, assertMayManage } from '../auth/ceiling.ts';
import { requireAccess } from '../auth/require-access.ts';
import { afterUserChange } from '../control/user-consequences.ts';
import { recordAction } from '../control/record-action.ts';
import { UsernameTakenError } from '../control/user-store.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { readBody } from '../http/read-body.ts';
import type { Services } from '../services.ts';
import { userJson } from './auth.ts';

const SMALL_BODY = { maxBytes: 16 * 1024, maxInflatedBytes: 16 * 1024, maxDepth: 4 };

/**
 * Owners and Admins manage users and roles, each only within their own role (auth/ceiling.ts):
 * only an Owner makes, changes or removes an Owner, and an Admin no Supervisor or Bot Builder.
 * Keys act with their creator's role, so a key cannot do more here than its creator.
 */
export function registerUsers(app: Hono<AppEnv>, s: Services): void {
  const admin = requireAccess(s, { scope: 'admin', permissions: ['admin'] });

  app.get('/v1/users', admin, async (c) => c.json({ items: (await s.users.list(c.get('caller').tenantId)).map(userJson), next: null }));

  app.post('/v1/users', admin, async (c) => {
    const p = createUserRequest.safeParse(await readBody(c.req.raw, SMALL_BODY));
    if (!p.success) throw invalid(p.error);
    assertMayGrantRole(c.get('caller'), p.data.role);
    try {
      const user = await s.users.create(c.get('caller').tenantId, p.data);
      await recordAction(s, c.get('caller'), { type: 'ROLE_CHANGE', data: { roleName: user.role, tenantUser: user.id } });
      return c.json(userJson(user), 201);
    } catch (e) {
      if (e instanceof UsernameTakenError) throw new ApiError(409, e.code, e.message, 'username');
      throw e;
    }
  });

  app.patch('/v1/users/:id', admin, async (c) => {
    const p = updateUserRequest.safeParse(await readBody(c.req.raw, SMALL_BODY));
    if (!p.success) throw invalid(p.error);
    const caller = c.get('caller');
    const before = await s.users.get(caller.tenantId, c.req.param('id'));
    if (!before) throw new ApiError(404, 'NOT_FOUND', 'no such user in this tenant');
    assertMayManage(caller, before);
    if (p.data.role) assertMayGrantRole(caller, p.data.role);
    const user = (await s.users.update(caller.tenantId, before.id, p.data))!;
    await afterUserChange(s, caller, before, p.data);
    if (p.data.role && p.data.role !== before.role) {
      await recordAction(s, caller, { type: 'ROLE_CHANGE', data: { roleName: user.role, tenantUser: user.id } });
    }
    return c.json(userJson(user));
  });

  app.delete('/v1/users/:id', admin, async (c) => {
    const caller = c.get('caller');
    const before = await s.users.get(caller.tenantId, c.req.param('id'));
    if (!before) throw new ApiError(404, 'NOT_FOUND', 'no such user in this tenant');
    if (before.id === caller.userId) throw new ApiError(400, 'CANNOT_DELETE_SELF', 'you cannot delete your own user');
    assertMayManage(caller, before);
    await s.users.update(caller.tenantId, before.id, { deleted: true });
    await afterUserChange(s, caller, before, { deleted: true });
    return c.body(null, 204);
  });
}
