import type {
  ArchivedTable,
  ArchiveRunRow,
  KeyScope,
  Permission,
  Role,
  SessionSummary,
  StoredAuditEvent,
  StoredCallLog,
  StoredChangeAudit,
  StoredCobrowseEvent,
  TenantSettings,
} from '@loupe/schemas';

/**
 * The collector's JSON answers. Stored records hold epoch milliseconds; reads send ISO 8601, so
 * each type here is its schema's type with those fields as strings.
 */
type IsoFields<T, K extends PropertyKey> = T extends unknown ? Omit<T, K & keyof T> & { [P in K & keyof T]: string } : never;

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface SignedInUser {
  id: string;
  username: string;
  role: Role;
  email: string | null;
  notifyOnErrors: boolean;
  createdAt: string;
  permissions: Permission[];
  /** Roles this user may grant and manage: none above their own. */
  grantableRoles: Role[];
}

export type SessionItem = IsoFields<SessionSummary, 'startedAt' | 'endedAt'>;
export type SessionEvent = IsoFields<StoredCobrowseEvent, 'ts'>;
export type AuditEventItem = IsoFields<StoredAuditEvent, 'ts'>;
export type ChangeAuditItem = IsoFields<StoredChangeAudit, 'actionDate'>;
export type CallLogItem = IsoFields<StoredCallLog, 'ts'>;
export type Settings = TenantSettings;

/** One rrweb event as stored: the envelope is checked by the collector, `data` is rrweb's own. */
export interface RrwebEvent {
  type: number;
  timestamp: number;
  data: unknown;
  [more: string]: unknown;
}

/** One month of one table moving to the archive (`GET /v1/archive/runs`, newest first). */
export interface ArchiveRun {
  table: ArchivedTable;
  /** YYYYMM, e.g. 202401. */
  month: number;
  state: ArchiveRunRow['state'];
  rows: number;
  startedAt: string;
  updatedAt: string;
}

/** What `POST /v1/archive/run` moved: one entry per table and month. */
export interface ArchiveResult {
  archived: { table: ArchivedTable; month: number; rows: number }[];
}

/** An integration of a bot (`GET /v1/integrations`); `needsReauth` clears on its next successful call. */
export interface IntegrationItem {
  application: string;
  bot: string;
  needsReauth: boolean;
  /** When the flag last changed. */
  since: string;
  lastStatus: number;
}

export interface ApiKeyItem {
  id: string;
  prefix: string;
  description: string;
  kind: 'api' | 'site';
  scopes: KeyScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** Whose key it is; it acts with this role at most (userId null: made at set-up or by the operator). */
  createdBy: { userId: string | null; username: string | null; role: Role };
}

export interface CreatedApiKey extends ApiKeyItem {
  /** The secret itself, returned this once. */
  key: string;
}

export interface LiveBatch {
  seq: number;
  isAgent: boolean;
  events: (CobrowseCore & { ts: string; url?: string })[];
  replay: RrwebEvent[];
}

/** The type and data of a co-browse event, kept as a union so `type` still narrows `data`. */
export type CobrowseCore = SessionEvent extends infer E ? (E extends SessionEvent ? Pick<E, 'type' | 'data'> : never) : never;
