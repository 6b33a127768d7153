import type { ClickHouseClient } from '@clickhouse/client';
import {
  INTEGRATION_SELECT,
  INTEGRATIONS_TABLE,
  integrationRow,
  toIso,
  type RegisteredIntegration,
  type RegisterIntegration,
} from '@loupe/schemas';
import { selectRows } from '../storage/queries/select.ts';

/**
 * The integrations a tenant's platform registered (seed 001's Reauthorise needs their URLs).
 * Read with FINAL on every call: the list is small and read when a person opens call logs.
 */
export class IntegrationStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly now: () => number,
  ) {}

  async list(tenantId: string, name?: string): Promise<RegisteredIntegration[]> {
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT ${INTEGRATION_SELECT} FROM ${INTEGRATIONS_TABLE} FINAL
              WHERE tenant_id = {t:String} ${name === undefined ? '' : 'AND name = {n:String}'} ORDER BY name`,
        params: { t: tenantId, n: name },
      },
      integrationRow,
    );
    return rows
      .filter((r) => !r.deleted)
      .map((r) => ({
        name: r.name,
        kind: r.kind,
        reauthorizeUrl: r.reauthorize_url,
        registeredAt: toIso(r.registered_ms),
      }));
  }

  async get(tenantId: string, name: string): Promise<RegisteredIntegration | undefined> {
    return (await this.list(tenantId, name))[0];
  }

  /** Registers `r`, or replaces the registration of the same name. */
  async register(tenantId: string, r: RegisterIntegration): Promise<RegisteredIntegration> {
    const now = this.now();
    const previous = await this.#version(tenantId, r.name);
    await this.client.insert({
      table: INTEGRATIONS_TABLE,
      values: [
        {
          tenant_id: tenantId,
          name: r.name,
          kind: r.kind,
          reauthorize_url: r.reauthorizeUrl,
          registered_at: now,
          deleted: false,
          // Above the last version even when the clock stands still, so the newest registration wins.
          version: Math.max(now * 1000, previous + 1),
        },
      ],
      format: 'JSONEachRow',
    });
    return { ...r, registeredAt: toIso(now) };
  }

  async #version(tenantId: string, name: string): Promise<number> {
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT ${INTEGRATION_SELECT} FROM ${INTEGRATIONS_TABLE} FINAL WHERE tenant_id = {t:String} AND name = {n:String}`,
        params: { t: tenantId, n: name },
      },
      integrationRow,
    );
    return rows[0]?.version ?? 0;
  }
}
