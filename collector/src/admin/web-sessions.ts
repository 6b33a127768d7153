import type { ClickHouseClient } from '@clickhouse/client';
import { WEB_SESSIONS_TABLE, WEB_SESSION_SELECT, webSessionRow } from '@loupe/schemas';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sha256Hex as hashKey } from './key-material.ts';
import { selectRows } from '../storage/queries/select.ts';
import { TtlCache } from './ttl-cache.ts';

/** Twelve hours: a working day of support, after which an agent signs in again. */
export const WEB_SESSION_MS = 12 * 60 * 60 * 1000;

export interface WebSession {
  userId: string;
  tenantId: string;
  expiresAt: number;
}

/**
 * Sign-in sessions behind the viewer's cookie. Like keys, only the token's hash is stored, so a
 * copy of the database signs no one in; a sign-out is seen by every collector within `cacheMs`.
 */
export class WebSessionStore {
  readonly #cache: TtlCache<WebSession | null>;

  constructor(
    private readonly client: ClickHouseClient,
    cacheMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#cache = new TtlCache(cacheMs, 10_000, now);
  }

  async create(userId: string, tenantId: string): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + WEB_SESSION_MS;
    await this.client.insert({
      table: WEB_SESSIONS_TABLE,
      values: [
        {
          token_hash: hashKey(token),
          user_id: userId,
          tenant_id: tenantId,
          expires_at: expiresAt,
          revoked: false,
          version: this.now(),
        },
      ],
      format: 'JSONEachRow',
    });
    return { token, expiresAt };
  }

  async verify(token: string): Promise<WebSession | null> {
    const hash = hashKey(token);
    let s = this.#cache.get(hash);
    if (s === undefined) {
      const { rows } = await selectRows(
        this.client,
        {
          sql: `SELECT ${WEB_SESSION_SELECT} FROM ${WEB_SESSIONS_TABLE} FINAL WHERE token_hash = {h:String}`,
          params: { h: hash },
        },
        webSessionRow,
      );
      const r = rows[0];
      s = r && !r.revoked ? { userId: r.user_id, tenantId: r.tenant_id, expiresAt: r.expires_ms } : null;
      this.#cache.set(hash, s);
    }
    return s && s.expiresAt > this.now() ? s : null;
  }

  /**
   * Ends every session of a user (a password change, a deletion). Other collectors see it within
   * `cacheMs`, as with a sign-out.
   */
  async revokeUser(tenantId: string, userId: string): Promise<number> {
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT token_hash, ${WEB_SESSION_SELECT} FROM ${WEB_SESSIONS_TABLE} FINAL
              WHERE tenant_id = {t:String} AND user_id = {u:String} AND NOT revoked AND expires_at > now64(3)`,
        params: { t: tenantId, u: userId },
      },
      webSessionRow.extend({ token_hash: z.string() }),
    );
    if (!rows.length) return 0;
    const version = this.now() + 1;
    await this.client.insert({
      table: WEB_SESSIONS_TABLE,
      values: rows.map((r) => ({
        token_hash: r.token_hash,
        user_id: r.user_id,
        tenant_id: r.tenant_id,
        expires_at: r.expires_ms,
        revoked: true,
        version,
      })),
      format: 'JSONEachRow',
    });
    for (const r of rows) this.#cache.delete(r.token_hash);
    return rows.length;
  }

  async revoke(token: string): Promise<void> {
    const s = await this.verify(token);
    if (!s) return;
    await this.client.insert({
      table: WEB_SESSIONS_TABLE,
      values: [
        {
          token_hash: hashKey(token),
          user_id: s.userId,
          tenant_id: s.tenantId,
          expires_at: s.expiresAt,
          revoked: true,
          version: this.now() + 1,
        },
      ],
      format: 'JSONEachRow',
    });
    this.#cache.delete(hashKey(token));
  }
}
