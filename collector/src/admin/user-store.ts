import type { ClickHouseClient } from '@clickhouse/client';
import { USERS_TABLE, USER_SELECT, userRow, type Role, type UserRow } from '@loupe/schemas';
import { randomUUID } from 'node:crypto';
import { hashPassword } from './passwords.ts';
import { selectRows } from '../storage/queries/select.ts';
import { TtlCache } from './ttl-cache.ts';

export interface User {
  id: string;
  tenantId: string;
  username: string;
  role: Role;
  email: string | null;
  notifyOnErrors: boolean;
  createdAt: number;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  tenantId: r.tenant_id,
  username: r.username,
  role: r.role,
  email: r.email || null,
  notifyOnErrors: r.notify_on_errors,
  createdAt: r.created_ms,
});

export class UsernameTakenError extends Error {
  readonly code = 'USERNAME_TAKEN';
}

/**
 * People who sign in to the viewer. Usernames are unique per tenant, so one tenant's admin learns
 * nothing of another's names; sign-in names the tenant (or means the default one).
 */
export class UserStore {
  // Every signed-in request (and every key check) reads its user; a role change or deletion is seen within this time.
  readonly #cache: TtlCache<User | null>;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly now: () => number = Date.now,
  ) {
    this.#cache = new TtlCache<User | null>(5_000, 10_000, now);
  }

  async #rows(where: string, params: Record<string, unknown>): Promise<UserRow[]> {
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT ${USER_SELECT} FROM ${USERS_TABLE} FINAL WHERE deleted_at IS NULL AND ${where} ORDER BY created_at`,
        params,
      },
      userRow,
    );
    return rows;
  }

  /** The user and their password hash, for sign-in only. */
  async findForSignIn(tenantId: string, username: string): Promise<{ user: User; passwordHash: string } | null> {
    const r = (await this.#rows('tenant_id = {t:String} AND username = {u:String}', { t: tenantId, u: username }))[0];
    return r ? { user: toUser(r), passwordHash: r.password_hash } : null;
  }

  async get(tenantId: string, id: string): Promise<User | null> {
    const k = `${tenantId}\u0000${id}`;
    const cached = this.#cache.get(k);
    if (cached !== undefined) return cached;
    const r = (await this.#rows('tenant_id = {t:String} AND id = {id:String}', { t: tenantId, id }))[0];
    const user = r ? toUser(r) : null;
    this.#cache.set(k, user);
    return user;
  }

  async list(tenantId: string): Promise<User[]> {
    return (await this.#rows('tenant_id = {t:String}', { t: tenantId })).map(toUser);
  }

  async create(
    tenantId: string,
    u: { username: string; password: string; role: Role; email?: string; notifyOnErrors?: boolean },
  ): Promise<User> {
    if (await this.findForSignIn(tenantId, u.username))
      throw new UsernameTakenError(`username ${JSON.stringify(u.username)} is taken`);
    const now = this.now();
    const row = {
      id: randomUUID(),
      tenant_id: tenantId,
      username: u.username,
      password_hash: await hashPassword(u.password),
      role: u.role,
      email: u.email ?? '',
      notify_on_errors: u.notifyOnErrors ?? false,
      created_at: now,
      deleted_at: null,
      version: now,
    };
    await this.client.insert({ table: USERS_TABLE, values: [row], format: 'JSONEachRow' });
    return toUser({ ...row, created_ms: now });
  }

  /** Writes a new version of a user's row; answers the user as it now is, or null if unknown. */
  async update(
    tenantId: string,
    id: string,
    change: { role?: Role; password?: string; email?: string | null; notifyOnErrors?: boolean; deleted?: boolean },
  ): Promise<User | null> {
    const r = (await this.#rows('tenant_id = {t:String} AND id = {id:String}', { t: tenantId, id }))[0];
    if (!r) return null;
    const now = this.now();
    const next = {
      id: r.id,
      tenant_id: r.tenant_id,
      username: r.username,
      password_hash: change.password ? await hashPassword(change.password) : r.password_hash,
      role: change.role ?? r.role,
      email: change.email === undefined ? r.email : (change.email ?? ''),
      notify_on_errors: change.notifyOnErrors ?? r.notify_on_errors,
      created_at: r.created_ms,
      deleted_at: change.deleted ? now : null,
      version: Math.max(now, r.version + 1),
    };
    await this.client.insert({ table: USERS_TABLE, values: [next], format: 'JSONEachRow' });
    this.#cache.delete(`${tenantId}\u0000${id}`);
    return change.deleted ? null : toUser({ ...next, created_ms: r.created_ms });
  }
}
