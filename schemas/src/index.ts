// The package's public surface, listed name by name so that what it exports is a decision, not a side effect.
export { LIMITS } from './limits.ts';
export { type AnalystColumn, ANALYST_SCHEMA, type AnalystTable } from './analyst-columns.ts';
export { createdClickhouseUser, sqlSchema } from './analyst.response.ts';
export { EARLIEST_MS, epochMs, platformTime, toIso } from './time.ts';
export { boundedJson, id, text, url } from './text.ts';
export { illFormedPath, isWellFormedText, LONE_SURROGATE_MESSAGE, refineWellFormed } from './well-formed.ts';
export { chBool, chInt, DATETIME, STORAGE_TZ } from './row.ts';
export {
  COBROWSE_TYPES,
  cobrowseData,
  cobrowseEvent,
  type CobrowseEvent,
  cobrowseType,
  type CobrowseType,
} from './cobrowse-event.ts';
export {
  COBROWSE_SELECT,
  COBROWSE_TABLE,
  cobrowseDdl,
  cobrowseRow,
  type CobrowseRow,
  type CobrowseRowIn,
  fromCobrowseRow,
  type StoredCobrowseEvent,
  toCobrowseRow,
  TYPE_COUNT_COLUMNS,
  type TypeCountColumn,
} from './cobrowse-event.table.ts';
export { replayEvent, type ReplayEvent, RRWEB_EVENT_TYPE } from './replay-event.ts';
export {
  fromReplayChunkRow,
  REPLAY_SELECT,
  REPLAY_TABLE,
  type ReplayChunk,
  replayChunkRow,
  type ReplayChunkRow,
  type ReplayChunkRowIn,
  replayDdl,
  toReplayChunkRow,
} from './replay-chunk.table.ts';
export {
  RECORDER_FORMAT_VERSION,
  type RecorderBatch,
  recorderBatchSchema,
  recorderUser,
  sessionId,
} from './recorder-batch.ts';
export {
  BATCH_TABLE,
  type BatchRowIn,
  countColumn,
  fromSessionRow,
  SESSION_SELECT,
  sessionDdl,
  sessionRow,
  type SessionRow,
  SESSIONS_TABLE,
  type SessionSummary,
  toBatchRow,
} from './session.table.ts';
export { spellingKey, vocabulary } from './vocabulary.ts';
export { AUDIT_TYPES, auditData, type AuditEvent, auditEventSchema, auditType, type AuditType } from './audit-event.ts';
export {
  AUDIT_CHAIN_SELECT,
  AUDIT_SELECT,
  AUDIT_TABLE,
  auditChainContent,
  auditDdl,
  auditRow,
  type AuditRow,
  type AuditRowIn,
  fromAuditRow,
  type StoredAuditEvent,
  toAuditRow,
} from './audit-event.table.ts';
export {
  ALL_WORDS,
  actionWords,
  facilityWords,
  originWords,
  CHANGE_ACTIONS,
  changeAction,
  type ChangeAudit,
  changeAuditSchema,
  FACILITIES,
  facility,
  origin,
  ORIGINS,
} from './change-audit.ts';
export {
  CHANGE_AUDIT_CHAIN_SELECT,
  CHANGE_AUDIT_SELECT,
  CHANGE_AUDIT_TABLE,
  changeAuditChainContent,
  changeAuditDdl,
  changeAuditRow,
  type ChangeAuditRow,
  type ChangeAuditRowIn,
  fromChangeAuditRow,
  type StoredChangeAudit,
  toChangeAuditRow,
} from './change-audit.table.ts';
export {
  CALL_METHODS,
  CALL_STATUSES,
  type CallLog,
  callLogSchema,
  callMethod,
  callStatus,
  type CallStatus,
  statusOf,
} from './call-log.ts';
export {
  CALL_LOG_SELECT,
  CALL_LOG_TABLE,
  callLogDdl,
  callLogRow,
  type CallLogRow,
  type CallLogRowIn,
  DEFAULT_CALL_LOG_RETENTION_DAYS,
  fromCallLogRow,
  type StoredCallLog,
  toCallLogRow,
} from './call-log.table.ts';
export {
  can,
  covers,
  createUserRequest,
  password,
  type Permission,
  PERMISSIONS,
  permissionsOf,
  role,
  type Role,
  ROLES,
  signInRequest,
  updateUserRequest,
  username,
} from './access.ts';
export {
  createApiKeyRequest,
  createTenantRequest,
  DEFAULT_KEY_SCOPES,
  DEFAULT_SETTINGS,
  KEY_SCOPES,
  keyScope,
  type KeyScope,
  tenantId,
  tenantSettings,
  type TenantSettings,
  webOrigin,
} from './control.ts';
export {
  accessDdl,
  controlDdl,
  KEY_KINDS,
  KEY_SELECT,
  KEY_USAGE_TABLE,
  keyRow,
  type KeyRow,
  type KeyRowIn,
  KEYS_TABLE,
  redactionDdl,
  SETTINGS_SELECT,
  SETTINGS_TABLE,
  settingsRow,
  TENANT_SELECT,
  tenantRow,
  TENANTS_TABLE,
  USER_SELECT,
  userRow,
  type UserRow,
  USERS_TABLE,
  WEB_SESSION_SELECT,
  WEB_SESSIONS_TABLE,
  webSessionRow,
} from './control.table.ts';
export {
  ALERT_STATE_SELECT,
  ALERT_STATE_TABLE,
  alertsDdl,
  alertStateRow,
  INTEGRATION_STATE_SELECT,
  INTEGRATION_STATE_TABLE,
  integrationStateRow,
} from './alerts.table.ts';
export {
  ARCHIVE_RUN_SELECT,
  ARCHIVE_RUNS_TABLE,
  ARCHIVE_STATES,
  ARCHIVED_TABLES,
  archiveDdl,
  type ArchivedTable,
  archiveRunRow,
  type ArchiveRunRow,
} from './archive.table.ts';
export { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEEP_HOURS, idempotencyKey } from './idempotency.ts';
export {
  IDEMPOTENCY_CLAIMS_SQL,
  IDEMPOTENCY_STATES,
  IDEMPOTENCY_TABLE,
  type IdempotencyClaim,
  idempotencyClaimRow,
  idempotencyDdl,
  type IdempotencyRowIn,
} from './idempotency.table.ts';
export {
  SESSION_BINDINGS_TABLE,
  SESSION_SECRET_ANSWER_HEADER,
  SESSION_SECRET_HEADER,
  SESSION_SECRET_PARAM,
  sessionBindingDdl,
  sessionBindingRow,
  sessionJoinDdl,
  JOIN_SEQ_BASE,
  type SessionBindingRow,
} from './session-binding.table.ts';
export { CHAIN_COLUMNS, CHAIN_SELECT, chainContent, type ChainFields, chainRow } from './chain.ts';
export { ClusterDdlError, type ClusterOptions, mutationTarget, SHARDING_KEYS, toClusterDdl } from './cluster-ddl.ts';
export { type Migration, MIGRATIONS, MIGRATIONS_TABLE } from './migrations.ts';
export { errorResponse, type ErrorResponse, isoTime, page, type Page } from './page.response.ts';
export {
  type CobrowseCore,
  liveBatch,
  type LiveBatch,
  liveEvent,
  replayPage,
  rrwebEvent,
  type RrwebEvent,
  sessionEvent,
  type SessionEvent,
  sessionEventPage,
  sessionItem,
  type SessionItem,
  sessionPage,
} from './session.response.ts';
export {
  auditEventItem,
  type AuditEventItem,
  auditEventPage,
  callLogItem,
  type CallLogItem,
  callLogPage,
  changeAuditItem,
  type ChangeAuditItem,
  changeAuditPage,
  recordsStored,
} from './record.response.ts';
export {
  apiKeyItem,
  type ApiKeyItem,
  apiKeyPage,
  createdApiKey,
  type CreatedApiKey,
  createdTenant,
  signedIn,
  signedInUser,
  type SignedInUser,
  userPage,
  whoAmI,
} from './admin.response.ts';
export {
  archiveResult,
  type ArchiveResult,
  archiveRun,
  type ArchiveRun,
  archiveRunPage,
  chainReport,
  health,
  liveness,
  ingestAccepted,
  integrityResult,
  sqlResult,
} from './operations.response.ts';
export { undeliveredNotifications, type UndeliveredNotifications } from './notifications.response.ts';
export {
  INTEGRATION_KINDS,
  INTEGRATION_STATES,
  integrationItem,
  type IntegrationItem,
  integrationKind,
  type IntegrationKind,
  integrationKindWords,
  integrationPage,
  integrationState,
  type IntegrationStateName,
  reauthorizeAnswer,
  reauthorizeRequest,
  registeredIntegration,
  type RegisteredIntegration,
  type RegisterIntegration,
  registerIntegrationRequest,
} from './integration.ts';
export {
  INTEGRATION_SELECT,
  INTEGRATIONS_TABLE,
  integrationRow,
  type IntegrationRow,
  integrationsDdl,
} from './integration.table.ts';
export { type CallLogFacets, callLogFacets } from './call-log-facets.response.ts';
export {
  callLogsOverview,
  sessionsOverview,
  type CallLogsOverview,
  type SessionsOverview,
} from './overview.response.ts';
export { joinSessionRequest, joinedSession, type JoinedSession } from './session-join.ts';
export {
  CONSOLE_LEVELS,
  consoleEntry,
  type ConsoleEntry,
  networkEntry,
  type NetworkEntry,
  REPLAY_PLUGIN,
  replayPluginData,
  type ReplayPluginData,
} from './replay-plugin.ts';
export {
  CLICK_ISSUES,
  CLICK_ISSUE_KINDS,
  PAGE_EFFECT_SOURCES,
  type ClickIssue,
  type ClickIssueKind,
} from './click-issues.ts';
export { clickIssue, clickIssuePage } from './click-issues.response.ts';
export {
  createNoteRequest,
  sessionNote,
  sessionNotePage,
  type CreateNoteRequest,
  type SessionNote,
} from './session-note.ts';
export { NOTE_SELECT, SESSION_NOTES_TABLE, noteRow, sessionNotesDdl, type NoteRow } from './session-note.table.ts';
export { heatmapAnswer, type HeatmapAnswer } from './heatmap.response.ts';
export {
  actionOutcome,
  type AgentAction,
  agentAction,
  COBROWSE_STATES,
  type CobrowseState,
  type CobrowseStatus,
  cobrowseStatus,
  JOIN_TIMING_NAME,
  type PageReport,
  pageReport,
  sentAction,
} from './cobrowse-control.ts';
export { COBROWSE_COMMANDS_TABLE, cobrowseCommandDdl } from './cobrowse-command.table.ts';
