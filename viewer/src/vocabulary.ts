import type {
  ArchivedTable,
  ArchiveRunRow,
  AuditType,
  CallLog,
  ChangeAudit,
  CobrowseType,
  IntegrationStateName,
  KeyScope,
  Role,
} from '@loupe/schemas';

/**
 * The product's vocabularies with their labels. Each is a Record over the schema's type, so a
 * value added to `@loupe/schemas` fails the type check here until it has a label; only types are
 * imported, which keeps zod out of the bundle.
 */
export const keysOf = <K extends string>(r: Record<K, unknown>) => Object.keys(r) as K[];

/** Seed 002's names for the general audit event types. */
export const AUDIT_TYPE_LABELS: Record<AuditType, string> = {
  START_CALL: '[Call] Start',
  MESSENGER_SEND: '[Messenger] Send message',
  LIVE_VIEW: '[LiveView] joined',
  LOGGED_IN: '[Account] Logged in',
  ONLINE_STATUS_ONLINE: '[Agent] Go Online',
  ONLINE_STATUS_OFFLINE: '[Agent] Go Offline',
  STATUS_CHANGE: '[Chat] Status changed',
  ROLE_CHANGE: '[Roles] changed',
  PERMISSION_CHANGE: '[Permissions] changed',
  PLUGIN_CHANGE: '[Plugin] changed',
  SETTINGS_CHANGE: '[Settings] changed',
  MEETING_CHANGE: '[Meeting] changed',
  CONFERENCE_AGENT: '[Meeting] Agent joined',
  CONFERENCE_RECORDING: '[Meeting] Recording started',
  SESSION_NOTE: '[Session] Note',
  LIVE_VIEW_REQUEST: '[LiveView] join requested',
  LIVE_VIEW_CONSENT: '[LiveView] customer consented',
  LIVE_VIEW_REFUSAL: '[LiveView] customer refused',
  LIVE_VIEW_END: '[LiveView] ended',
};

/** Seed 002's names for the co-browse event types. */
export const COBROWSE_LABELS: Record<CobrowseType, string> = {
  CLICK: 'Click',
  SCROLL: 'Scroll',
  INPUT: 'Input',
  FORM: 'Form sent',
  PAGECHANGE: 'Page change',
  SELECTION: 'Selection',
  CUSTOM_EVENT: 'Custom event',
};

/** Seed 000: "Channels, Data permission or All facilities". */
export const FACILITY_LABELS: Record<ChangeAudit['facility'], string> = {
  Channels: 'Channels',
  'Data permissions': 'Data permission',
};
export const ORIGIN_LABELS: Record<ChangeAudit['origin'], string> = {
  KPICHAT: 'KPICHAT',
  TCMC: 'TCMC',
  ExternalAPI: 'External API',
};
export const ACTION_LABELS: Record<ChangeAudit['action'], string> = { Add: 'Add', Update: 'Update', Delete: 'Delete' };

/** Seed 001's request types. */
export const CALL_METHOD_LABELS: Record<CallLog['method'], string> = {
  GET: 'GET',
  POST: 'POST',
  PUT: 'PUT',
  DELETE: 'DELETE',
  C2E: 'C2E',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  Owner: 'Everything, including making other Owners',
  Admin: 'Sessions, audits, exports, API keys, settings and users',
  Supervisor: 'Sessions, call logs and audits',
  'Bot Builder': 'Call logs',
  Agent: 'Sessions and replays',
};

export const SCOPE_DESCRIPTIONS: Record<KeyScope, string> = {
  ingest: 'Send records',
  read: 'Read records and sessions',
  export: 'Download CSV exports',
  admin: 'Manage keys, settings and users',
};

/** The tables archiving moves, as people know them; the table's own name is shown beside. */
export const ARCHIVED_TABLE_LABELS: Record<ArchivedTable, string> = {
  cobrowse_events: 'Co-browse events',
  replay_chunks: 'Session recordings',
  ingest_batches: 'Session summaries',
  audit_events: 'Audit events',
  change_audits: 'Change audits',
  call_logs: 'Call logs',
};

/** A month's archiving run: exporting → exported → done, or abandoned and redone by the next run. */
export const ARCHIVE_STATE_LABELS: Record<ArchiveRunRow['state'], string> = {
  exporting: 'Exporting',
  exported: 'Exported, deleting',
  done: 'Done',
  abandoned: 'Abandoned',
};

/** How an integration's calls stand (seed 001), as the call-log page names them. */
export const INTEGRATION_STATE_LABELS: Record<IntegrationStateName, string> = {
  needs_reauth: 'Needs re-authorisation',
  failing: 'Failing',
  healthy: 'Healthy',
  no_calls: 'Not called yet',
};
