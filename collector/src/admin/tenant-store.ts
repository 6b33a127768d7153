import type { ClickHouseClient } from '@clickhouse/client';
import { TENANTS_TABLE, TENANT_SELECT, tenantRow } from '@loupe/schemas';
import { selectRows } from '../storage/queries/select.ts';

export interface Tenant {
  tenantId: string;
  name: string;
  createdAt: number;
}

export class TenantStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly now: () => number = Date.now,
  ) {}

  async get(tenantId: string): Promise<Tenant | null> {
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT ${TENANT_SELECT} FROM ${TENANTS_TABLE} FINAL WHERE tenant_id = {tenant:String}`,
        params: { tenant: tenantId },
      },
      tenantRow,
    );
    const r = rows[0];
    return r ? { tenantId: r.tenant_id, name: r.name, createdAt: r.created_ms } : null;
  }

  async create(tenantId: string, name: string): Promise<Tenant> {
    const now = this.now();
    await this.client.insert({
      table: TENANTS_TABLE,
      values: [{ tenant_id: tenantId, name, created_at: now, version: now }],
      format: 'JSONEachRow',
    });
    return { tenantId, name, createdAt: now };
  }
}
