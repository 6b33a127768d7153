import type { ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import { selectRows } from '../storage/queries/select.ts';
import type { NewestFirstSpec } from '../storage/queries/page.ts';
import { auditSpec, callLogSpec, changeAuditSpec } from './record-queries.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Each family's list query with no filters: its columns, its row mapping, and what always holds
 * (call logs: within retention), so a row read by id is exactly a row its list could show.
 */
export const BY_ID_SPECS: Record<string, NewestFirstSpec<z.ZodType, unknown>> = {
  '/v1/audit-events': loose(auditSpec({ tenantId: '' })),
  '/v1/change-audits': loose(changeAuditSpec({ tenantId: '' })),
  '/v1/call-logs': loose(callLogSpec({ tenantId: '' })),
};

// The routes treat the families alike (as record-families.ts' AnyFamily does); each spec's row and toItem agree.
function loose<S extends z.ZodType, T>(spec: NewestFirstSpec<S, T>): NewestFirstSpec<z.ZodType, unknown> {
  return spec as unknown as NewestFirstSpec<z.ZodType, unknown>;
}

/**
 * One stored row by its id, only among the tenant's own rows: an id of another tenant's row is
 * the same as an unknown one (null), so an id reveals nothing across tenants. Archived months
 * are not read: a deep link points at a recent row, and an old one is found through its list.
 */
export async function recordById(
  client: ClickHouseClient,
  spec: NewestFirstSpec<z.ZodType, unknown>,
  tenantId: string,
  id: string,
): Promise<unknown | null> {
  if (!UUID.test(id)) return null;
  const where = ['tenant_id = {tenant:String}', 'id = toUUID({id:String})', ...spec.where.map((c) => c.sql)].map(
    (c) => `(${c})`,
  );
  const params = Object.assign({ tenant: tenantId, id }, ...spec.where.map((c) => c.params ?? {}));
  const { rows } = await selectRows(
    client,
    { sql: `SELECT ${spec.select} FROM ${spec.table} WHERE ${where.join(' AND ')} LIMIT 1`, params },
    spec.row,
  );
  return rows[0] === undefined ? null : spec.toItem(rows[0]);
}
