import { z } from 'zod';
import { CHAIN_COLUMNS, chainContent, type ChainFields } from './chain.ts';
import { DATETIME, chInt } from './row.ts';
import { changeAction, facility, origin, type ChangeAudit } from './change-audit.ts';

export const CHANGE_AUDIT_TABLE = 'change_audits';

export const changeAuditDdl = [
  `CREATE TABLE IF NOT EXISTS ${CHANGE_AUDIT_TABLE} (
    tenant_id LowCardinality(String),
    action_date ${DATETIME},
    id UUID,
    facility LowCardinality(String),
    username String,
    field String,
    before String CODEC(ZSTD(3)),
    after String CODEC(ZSTD(3)),
    action LowCardinality(String),
    origin LowCardinality(String),
    key_id LowCardinality(String),
    received_at ${DATETIME},
    ${CHAIN_COLUMNS}
  ) ENGINE = MergeTree
  PARTITION BY toYYYYMM(action_date)
  ORDER BY (tenant_id, action_date, id)`,
] as const;

export interface ChangeAuditRowIn extends Partial<ChainFields> {
  tenant_id: string;
  action_date: number;
  id: string;
  facility: string;
  username: string;
  field: string;
  before: string;
  after: string;
  action: string;
  origin: string;
  key_id: string;
  received_at: number;
}

export const changeAuditRow = z.object({
  row_id: z.string(),
  action_date_ms: chInt,
  facility,
  username: z.string(),
  field: z.string(),
  before: z.string(),
  after: z.string(),
  action: changeAction,
  origin,
  key_id: z.string(),
});
export type ChangeAuditRow = z.infer<typeof changeAuditRow>;
export const CHANGE_AUDIT_SELECT =
  'toString(id) AS row_id, toUnixTimestamp64Milli(action_date) AS action_date_ms, facility, username, field, before, after, action, origin, key_id';

export type StoredChangeAudit = ChangeAudit & { id: string; keyId: string };

export function toChangeAuditRow(
  tenantId: string,
  c: ChangeAudit,
  meta: { id: string; keyId: string; receivedAt: number },
): ChangeAuditRowIn {
  return {
    tenant_id: tenantId,
    action_date: c.actionDate,
    id: meta.id,
    facility: c.facility,
    username: c.username,
    field: c.field,
    before: c.before,
    after: c.after,
    action: c.action,
    origin: c.origin,
    key_id: meta.keyId,
    received_at: meta.receivedAt,
  };
}

/** What the chain's hash covers: every stored field but the chain's own and the arrival time. */
type ChainedChangeAudit = Omit<ChangeAuditRowIn, keyof ChainFields | 'received_at'>;

export const changeAuditChainContent = (r: ChainedChangeAudit) =>
  chainContent([
    r.tenant_id,
    r.id,
    r.action_date,
    r.facility,
    r.username,
    r.field,
    r.before,
    r.after,
    r.action,
    r.origin,
    r.key_id,
  ]);
export const CHANGE_AUDIT_CHAIN_SELECT =
  'tenant_id, toString(id) AS id, toUnixTimestamp64Milli(action_date) AS action_date, facility, username, field, before, after, action, origin, key_id';

export function fromChangeAuditRow(r: ChangeAuditRow): StoredChangeAudit {
  return {
    id: r.row_id,
    facility: r.facility,
    username: r.username,
    field: r.field,
    before: r.before,
    after: r.after,
    actionDate: r.action_date_ms,
    action: r.action,
    origin: r.origin,
    keyId: r.key_id,
  };
}
