import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import { assertMayGrantRole, assertMayManage } from './ceiling.ts';
import { recordAction } from './record-action.ts';
import { afterUserChange, type UserChangeDeps } from './user-consequences.ts';
import { userJson } from './user-json.ts';

export type UsersDeps = RouteDeps & UserChangeDeps;

const notFound = () => new ApiError(404, { code: 'NOT_FOUND', message: 'no such user in this tenant' });

/**
 * Owners and Admins manage users and roles, each only within their own role (ceiling.ts):
 * only an Owner makes, changes or removes an Owner, and an Admin no Supervisor or Bot Builder.
 * Keys act with their creator's role, so a key cannot do more here than its creator.
 */
export function usersRoutes(s: UsersDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);

  on(ROUTES.listUsers, async (c) =>
    c.json({ items: (await s.users.list(c.get('caller').tenantId)).map(userJson), next: null }),
  );

  on(ROUTES.createUser, async (c) => {
    const body = c.req.valid('json');
    assertMayGrantRole(c.get('caller'), body.role);
    const user = await s.users.create(c.get('caller').tenantId, body);
    await recordAction(s, c.get('caller'), { type: 'ROLE_CHANGE', data: { roleName: user.role, tenantUser: user.id } });
    return c.json(userJson(user), 201);
  });

  on(ROUTES.updateUser, async (c) => {
    const body = c.req.valid('json');
    const caller = c.get('caller');
    const before = await s.users.get(caller.tenantId, c.req.valid('param').id);
    if (!before) throw notFound();
    assertMayManage(caller, before);
    if (body.role) assertMayGrantRole(caller, body.role);
    const user = (await s.users.update(caller.tenantId, before.id, body))!;
    await afterUserChange(s, caller, before, body);
    if (body.role && body.role !== before.role) {
      await recordAction(s, caller, { type: 'ROLE_CHANGE', data: { roleName: user.role, tenantUser: user.id } });
    }
    return c.json(userJson(user));
  });

  on(ROUTES.deleteUser, async (c) => {
    const caller = c.get('caller');
    const before = await s.users.get(caller.tenantId, c.req.valid('param').id);
    if (!before) throw notFound();
    if (before.id === caller.userId)
      throw new ApiError(400, { code: 'CANNOT_DELETE_SELF', message: 'you cannot delete your own user' });
    assertMayManage(caller, before);
    await s.users.update(caller.tenantId, before.id, { deleted: true });
    await afterUserChange(s, caller, before, { deleted: true });
    return c.body(null, 204);
  });
  return app;
}
