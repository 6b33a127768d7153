import type { ClickHouseClient } from '@clickhouse/client';
import {
  KEYS_TABLE,
  KEY_SELECT,
  KEY_USAGE_TABLE,
  chInt,
  keyRow,
  type KeyRow,
  type KeyRowIn,
  type KeyScope,
  type Role,
} from '@loupe/schemas';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { type KeyHasher, MIN_KEY_LENGTH, legacyKeyHash, prefixOf, type KeyKind } from './key-material.ts';
import { selectRows } from '../storage/queries/select.ts';
import { TtlCache } from './ttl-cache.ts';

export interface KeyRecord {
  id: string;
  tenantId: string;
  kind: KeyKind;
  prefix: string;
  description: string;
  scopes: KeyScope[];
  allowedOrigins: string[];
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  /** The user the key acts for (it dies with them); null for keys the operator or set-up made. */
  createdBy: string | null;
  /** The key's ceiling: it never does more than this role may, whatever its scopes. */
  role: Role;
  /** When the key last authenticated a request, to the minute; null if never. */
  lastUsedAt?: number | null;
}

/** Last-used times are written at most this often per key and collector, so a busy key costs no writes. */
const TOUCH_EVERY_MS = 60_000;

export interface NewKey {
  kind: KeyKind;
  description: string;
  scopes: KeyScope[];
  expiresAt: number | null;
  allowedOrigins?: string[];
  /** A key chosen by the operator (LOUPE_ADMIN_KEY, LOUPE_SITE_KEY); random when absent. */
  secret?: string;
  /** Who makes it and with which role; absent for the operator's and set-up's keys, which act as Owner. */
  creator?: { userId: string | null; role: Role };
}

/** Set-up's own description: keys made before creators were recorded are trusted as Owner only if set-up made them. */
export const SETUP_KEY_DESCRIPTION = 'Admin key made at set-up';

/**
 * Keys made before keys recorded their creator: set-up's and site keys act as Owner, as before;
 * any other was made by an Owner or an Admin, and without knowing which, the lower ceiling holds.
 */
function roleOf(r: KeyRow): Role {
  if (r.creator_role) return r.creator_role;
  return r.kind === 'site' || r.description === SETUP_KEY_DESCRIPTION ? 'Owner' : 'Admin';
}

const fromRow = (r: KeyRow): KeyRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind,
  prefix: r.prefix,
  description: r.description,
  scopes: r.scopes,
  allowedOrigins: r.allowed_origins,
  createdAt: r.created_ms,
  expiresAt: r.expires_ms,
  revokedAt: r.revoked_ms,
  createdBy: r.created_by || null,
  role: roleOf(r),
});

/**
 * API and site keys. Only a key's keyed hash (HMAC-SHA-256, see key-material.ts) is stored; the key
 * itself exists once, in the answer to its creation. Verification is cached for `cacheMs` (negative
 * answers too, so a repeated bad key costs no query), which bounds how long a revoked key keeps
 * working on any collector. Keys stored as plain SHA-256 by earlier versions are found by that
 * hash once and rewritten under the keyed one.
 */
export class KeyStore {
  readonly #cache: TtlCache<KeyRecord | null>;
  readonly #touched = new Map<string, number>();

  constructor(
    private readonly client: ClickHouseClient,
    private readonly hasher: KeyHasher,
    private readonly options: { cacheMs: number; now?: () => number } = { cacheMs: 5_000 },
  ) {
    this.#cache = new TtlCache(options.cacheMs, 10_000, this.#now);
  }

  #now = (): number => (this.options.now ?? Date.now)();

  async create(tenantId: string, k: NewKey): Promise<{ record: KeyRecord; key: string }> {
    const made = k.secret ? this.hasher.material(k.secret) : this.hasher.newKey(k.kind);
    const now = this.#now();
    const row: KeyRowIn = {
      id: randomUUID(),
      tenant_id: tenantId,
      kind: k.kind,
      key_hash: made.hash,
      prefix: made.prefix,
      description: k.description,
      scopes: k.scopes,
      allowed_origins: k.allowedOrigins ?? [],
      created_at: now,
      expires_at: k.expiresAt,
      revoked_at: null,
      created_by: k.creator?.userId ?? '',
      creator_role: k.creator?.role ?? 'Owner',
      version: now,
    };
    await this.client.insert({ table: KEYS_TABLE, values: [row], format: 'JSONEachRow' });
    this.#cache.delete(made.hash);
    const stored = {
      ...row,
      scopes: k.scopes,
      creator_role: row.creator_role as Role,
      created_ms: now,
      expires_ms: k.expiresAt,
      revoked_ms: null,
    };
    return { record: fromRow(stored), key: made.key };
  }

  /** The active key a secret stands for: known, not revoked, not expired. */
  async verify(secret: string): Promise<KeyRecord | null> {
    // Every stored key is at least this long (made ones 47, the operator's refused below it at
    // start-up), so shorter guesses are refused without a lookup or a cache entry.
    if (secret.length < MIN_KEY_LENGTH || secret.length > 512) return null;
    const hash = this.hasher.hash(secret);
    let record = this.#cache.get(hash);
    if (record === undefined) {
      try {
        record = await this.#lookup(secret, hash);
        this.#cache.set(hash, record);
      } catch (e) {
        // Storage is down: a key known before keeps working (its expiry still applies), so writes can be spooled.
        record = this.#cache.stale(hash);
        if (record === undefined) throw e;
      }
    }
    if (!record || record.revokedAt !== null) return null;
    if (record.expiresAt !== null && record.expiresAt <= this.#now()) return null;
    return record;
  }

  async #lookup(secret: string, hash: string): Promise<KeyRecord | null> {
    const legacy = legacyKeyHash(secret);
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT ${KEY_SELECT} FROM ${KEYS_TABLE} FINAL WHERE key_hash IN ({hash:String}, {legacy:String}) LIMIT 1`,
        params: { hash, legacy },
      },
      keyRow,
    );
    const r = rows[0];
    if (!r) return null;
    if (r.key_hash === legacy && r.revoked_ms === null) await this.#rehash(r, hash, prefixOf(secret));
    return fromRow(r);
  }

  /**
   * Rewrites a key found by its old unsalted hash under the keyed one, with the shorter prefix.
   * Its version is only one above the row's, so a revocation (which writes at least two above)
   * racing this rewrite still wins.
   */
  async #rehash(r: KeyRow, hash: string, prefix: string): Promise<void> {
    await this.#rewrite({ ...r, key_hash: hash, prefix }, null, r.version + 1);
  }

  /** Writes the key's row again as read, with its revocation time and a new version (the higher wins). */
  async #rewrite(r: KeyRow, revokedAt: number | null, version: number): Promise<void> {
    const { created_ms, expires_ms, revoked_ms: _revoked, ...rest } = r;
    await this.client.insert({
      table: KEYS_TABLE,
      values: [{ ...rest, created_at: created_ms, expires_at: expires_ms, revoked_at: revokedAt, version }],
      format: 'JSONEachRow',
    });
  }

  /** Notes that a key was used now; writes only when this collector last wrote it over a minute ago. */
  touch(id: string): void {
    const now = this.#now();
    if (now - (this.#touched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.#touched.set(id, now);
    // Fire and forget: a lost last-used time must never fail the request that used the key.
    this.client
      .insert({ table: KEY_USAGE_TABLE, values: [{ id, last_used_at: now }], format: 'JSONEachRow' })
      .catch(() => this.#touched.delete(id));
  }

  async list(tenantId: string, kind?: KeyKind): Promise<KeyRecord[]> {
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT ${KEY_SELECT} FROM ${KEYS_TABLE} FINAL WHERE tenant_id = {tenant:String} AND revoked_at IS NULL
              ${kind ? 'AND kind = {kind:String}' : ''} ORDER BY created_at DESC`,
        params: { tenant: tenantId, kind },
      },
      keyRow,
    );
    const ids = rows.map((r) => r.id);
    const usage = ids.length
      ? await selectRows(
          this.client,
          {
            sql: `SELECT id, toUnixTimestamp64Milli(max(last_used_at)) AS used_ms FROM ${KEY_USAGE_TABLE} WHERE id IN {ids:Array(String)} GROUP BY id`,
            params: { ids },
          },
          z.object({ id: z.string(), used_ms: chInt }),
        )
      : { rows: [] };
    const used = new Map(usage.rows.map((u) => [u.id, u.used_ms]));
    return rows.map((r) => ({ ...fromRow(r), lastUsedAt: used.get(r.id) ?? null }));
  }

  /** Revokes a tenant's key; false when the tenant has no such active key. */
  async revoke(tenantId: string, id: string): Promise<boolean> {
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT ${KEY_SELECT} FROM ${KEYS_TABLE} FINAL WHERE id = {id:String} AND tenant_id = {tenant:String} AND revoked_at IS NULL`,
        params: { id, tenant: tenantId },
      },
      keyRow,
    );
    const r = rows[0];
    if (!r) return false;
    const now = this.#now();
    await this.#rewrite(r, now, Math.max(now, r.version + 2));
    this.#cache.delete(r.key_hash);
    return true;
  }

  /**
   * Revokes every active key a user made (or that acts for them): keys die with their user and
   * on a role downgrade. Answers the ids revoked. Other collectors see it within `cacheMs`; their
   * key checks also look the user up, so a cached key of a deleted user is refused there too.
   */
  async revokeByCreator(tenantId: string, userId: string): Promise<string[]> {
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT id FROM ${KEYS_TABLE} FINAL WHERE tenant_id = {tenant:String} AND created_by = {user:String} AND revoked_at IS NULL`,
        params: { tenant: tenantId, user: userId },
      },
      z.object({ id: z.string() }),
    );
    for (const { id } of rows) await this.revoke(tenantId, id);
    return rows.map((r) => r.id);
  }
}
