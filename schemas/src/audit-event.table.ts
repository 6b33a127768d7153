import { z } from 'zod';
import { CHAIN_COLUMNS, chainContent, type ChainFields } from './chain.ts';
import { DATETIME, chInt } from './row.ts';
import { auditType, type AuditEvent } from './audit-event.ts';

export const AUDIT_TABLE = 'audit_events';

export const auditDdl = [
  `CREATE TABLE IF NOT EXISTS ${AUDIT_TABLE} (
    tenant_id LowCardinality(String),
    ts ${DATETIME},
    id UUID,
    type LowCardinality(String),
    user_id String,
    data String CODEC(ZSTD(3)),
    key_id LowCardinality(String),
    received_at ${DATETIME},
    ${CHAIN_COLUMNS}
  ) ENGINE = MergeTree
  PARTITION BY toYYYYMM(ts)
  ORDER BY (tenant_id, ts, id)`,
] as const;

export interface AuditRowIn extends Partial<ChainFields> {
  tenant_id: string;
  ts: number;
  id: string;
  type: string;
  user_id: string;
  data: string;
  key_id: string;
  received_at: number;
}

export const auditRow = z.object({
  row_id: z.string(),
  ts_ms: chInt,
  type: auditType,
  user_id: z.string(),
  data: z.string(),
  key_id: z.string(),
});
export type AuditRow = z.infer<typeof auditRow>;
export const AUDIT_SELECT = 'toString(id) AS row_id, toUnixTimestamp64Milli(ts) AS ts_ms, type, user_id, data, key_id';

export type StoredAuditEvent = AuditEvent & { id: string; keyId: string };

export function toAuditRow(
  tenantId: string,
  e: AuditEvent,
  meta: { id: string; keyId: string; receivedAt: number },
): AuditRowIn {
  return {
    tenant_id: tenantId,
    ts: e.ts,
    id: meta.id,
    type: e.type,
    user_id: e.userId,
    data: JSON.stringify(e.data),
    key_id: meta.keyId,
    received_at: meta.receivedAt,
  };
}

/** What the chain hashes of an audit row, the same whether built for insert or read back. */
export const auditChainContent = (r: {
  tenant_id: string;
  id: string;
  ts: number;
  type: string;
  user_id: string;
  data: string;
  key_id: string;
}) => chainContent([r.tenant_id, r.id, r.ts, r.type, r.user_id, r.data, r.key_id]);
export const AUDIT_CHAIN_SELECT =
  'tenant_id, toString(id) AS id, toUnixTimestamp64Milli(ts) AS ts, type, user_id, data, key_id';

export function fromAuditRow(r: AuditRow): StoredAuditEvent {
  return {
    id: r.row_id,
    ts: r.ts_ms,
    type: r.type,
    userId: r.user_id,
    data: JSON.parse(r.data),
    keyId: r.key_id,
  } as StoredAuditEvent;
}
