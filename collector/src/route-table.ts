import {
  COBROWSE_TYPES,
  apiKeyPage,
  archiveResult,
  archiveRunPage,
  createApiKeyRequest,
  createTenantRequest,
  createUserRequest,
  createdApiKey,
  createdTenant,
  health,
  liveness,
  IDEMPOTENCY_HEADER,
  ingestAccepted,
  joinedSession,
  joinSessionRequest,
  integrationPage,
  integrityResult,
  callLogFacets,
  reauthorizeAnswer,
  reauthorizeRequest,
  registeredIntegration,
  registerIntegrationRequest,
  recordsStored,
  recorderBatchSchema,
  replayPage,
  sessionEventPage,
  sessionItem,
  sessionPage,
  SESSION_SECRET_ANSWER_HEADER,
  SESSION_SECRET_HEADER,
  SESSION_SECRET_PARAM,
  signInRequest,
  signedIn,
  signedInUser,
  sqlResult,
  sqlSchema,
  createdClickhouseUser,
  tenantSettings,
  undeliveredNotifications,
  updateUserRequest,
  userPage,
  whoAmI,
  sessionsOverview,
  callLogsOverview,
  clickIssuePage,
  auditEventItem,
  changeAuditItem,
  callLogItem,
  createNoteRequest,
  sessionNote,
  sessionNotePage,
  heatmapAnswer,
  type KeyScope,
  type Permission,
  agentAction,
  cobrowseStatus,
  pageReport,
  sentAction,
} from '@loupe/schemas';
import { z } from 'zod';
import { sqlRequest } from './analyst-sql/sql-request.ts';
import { cobrowsePageQuery } from './cobrowse/page-query.ts';
import type { Access, RouteSpec } from './http/route-spec.ts';
import { integrityQuery } from './integrity/integrity-query.ts';
import { csvExportParams } from './records/csv.ts';
import { overviewQuery } from './overview/overview-params.ts';
import { heatmapQuery } from './heatmap/heatmap-params.ts';
import { PLATFORM_FAMILIES, type AnyFamily } from './records/record-families.ts';
import { eventFilters, replayFilters, sessionFilters, sessionIdParams } from './sessions/session-params.ts';

const PUBLIC: Access = { kind: 'public' };
/** An API key with `scope`, or a signed-in person whose role has every one of `permissions`. */
const caller = (scope: KeyScope, ...permissions: [Permission, ...Permission[]]): Access => ({
  kind: 'caller',
  scope,
  permissions,
});
const ADMIN = caller('admin', 'admin');
const SESSIONS = caller('read', 'sessions');
/** Keys' and users' ids: any string, an unknown one is a 404. */
const idParams = z.object({ id: z.string() });
const fixed =
  <T extends z.ZodType>(schema: T) =>
  () =>
    schema;
/** A write acknowledged only once on disk: a spool that cannot take it says so (Retry-After). */
const SPOOL_REFUSED = {
  status: 503,
  codes: ['SPOOL_FULL', 'SPOOL_WRITE_FAILED', 'STORAGE_UNAVAILABLE', 'OVERLOADED'],
  description:
    'Storage is down and the spool could not keep the write, or the collector has as many writes waiting as ' +
    'it holds (LOUPE_MAX_PENDING_WRITES); nothing was acknowledged (Retry-After)',
};

/**
 * Every route of the collector, in one table: the app registers each route from its row (access
 * check and validation included), `/openapi.json` is generated from it, and the access matrix test
 * reads it. route-table.test.ts fails when a route is registered without a row here.
 */
export const ROUTES = {
  healthz: {
    method: 'get',
    path: '/healthz',
    access: PUBLIC,
    summary: 'Readiness, as /readyz (kept for deployments that probe /healthz)',
    response: {
      status: 200,
      schema: health,
      description: 'Taking writes (503 with the same shape only when neither storage nor the spool can take them)',
    },
  },
  livez: {
    method: 'get',
    path: '/livez',
    access: PUBLIC,
    summary: 'Liveness: the process answers (storage is not checked, so an outage restarts nothing)',
    response: { status: 200, schema: liveness, description: 'Alive' },
  },
  readyz: {
    method: 'get',
    path: '/readyz',
    access: PUBLIC,
    summary: 'Readiness: whether writes are acknowledged, ClickHouse reachability, and whether writes are spooling',
    response: {
      status: 200,
      schema: health,
      description:
        'Taking writes, into storage (`ok`) or into the spool while storage is down (`degraded`); 503 with the ' +
        'same shape (`unavailable`) only when the spool is full or broken too',
    },
  },
  metrics: {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    access: PUBLIC,
    response: { status: 200, description: 'Metrics in the Prometheus text format', type: 'text/plain' },
  },
  openapi: {
    method: 'get',
    path: '/openapi.json',
    summary: 'This description of the API',
    access: PUBLIC,
    response: {
      status: 200,
      description: 'An OpenAPI 3.1 document',
      schema: z.object({ openapi: z.string() }).loose(),
    },
  },
  ingest: {
    method: 'post',
    path: '/v1/ingest',
    summary:
      'One recorder batch (JSON or msgpack, optionally gzip); ' +
      "a session's later batches carry the sessionSecret of its first 202",
    access: { kind: 'site key' },
    body: { schema: recorderBatchSchema, limit: 'bulk' },
    headers: [
      { name: SESSION_SECRET_HEADER, in: 'header', description: "The session's secret, from its first batch's 202" },
      {
        name: SESSION_SECRET_PARAM,
        in: 'query',
        description: `The same as ${SESSION_SECRET_HEADER}, for navigator.sendBeacon`,
      },
    ],
    response: {
      status: 202,
      schema: ingestAccepted,
      description:
        "Stored (or already stored); a session's first batch gets its sessionSecret (in the body and a header)",
      headers: { [SESSION_SECRET_ANSWER_HEADER]: "The session's secret, on its first batch only (as sessionSecret)" },
    },
    errors: [
      {
        status: 403,
        codes: ['SESSION_NOT_YOURS', 'ORIGIN_NOT_ALLOWED'],
        description: "A later batch without its session's secret, or a page origin the key does not allow",
      },
      SPOOL_REFUSED,
    ],
  },
  joinSession: {
    method: 'post',
    path: '/v1/ingest/join',
    summary:
      "Co-browsing: the customer's recorder, with its session's secret, gets a token an agent's recorder " +
      "joins that session with (the agent's batches: isAgent, no replay, seq ≥ 2^31)",
    access: { kind: 'site key' },
    body: { schema: fixed(joinSessionRequest), limit: 'person' },
    headers: [{ name: SESSION_SECRET_HEADER, in: 'header', description: "The customer's session secret" }],
    response: { status: 201, schema: joinedSession, description: 'The join token, shown once' },
    errors: [
      {
        status: 403,
        codes: ['SESSION_NOT_YOURS', 'ORIGIN_NOT_ALLOWED'],
        description: "No secret of the session's own recorder (a session id alone, or a join token, is not enough)",
      },
    ],
  },
  listSessions: {
    method: 'get',
    path: '/v1/sessions',
    summary: 'Sessions, newest first, from the summary table',
    access: SESSIONS,
    query: sessionFilters,
    response: { status: 200, description: 'A page of sessions', schema: sessionPage },
  },
  getSession: {
    method: 'get',
    path: '/v1/sessions/:id',
    summary: "One session's summary",
    access: SESSIONS,
    params: sessionIdParams,
    response: { status: 200, description: 'The session', schema: sessionItem },
  },
  sessionEvents: {
    method: 'get',
    path: '/v1/sessions/:id/events',
    summary: `A session's co-browse events (${COBROWSE_TYPES.join(', ')}), oldest first`,
    access: SESSIONS,
    params: sessionIdParams,
    query: eventFilters,
    response: { status: 200, description: 'A page of events', schema: sessionEventPage },
  },
  sessionReplay: {
    method: 'get',
    path: '/v1/sessions/:id/replay',
    summary:
      "A session's rrweb events for a time window, oldest first (snapshot=true starts at the last full snapshot before from)",
    access: SESSIONS,
    params: sessionIdParams,
    query: replayFilters,
    response: { status: 200, description: 'The rrweb events', schema: replayPage },
  },
  sessionLive: {
    method: 'get',
    path: '/v1/sessions/:id/live',
    summary: 'Live view: the batches of a session as they are stored (audited as LIVE_VIEW)',
    access: SESSIONS,
    params: sessionIdParams,
    response: {
      status: 200,
      description: 'Server-sent events: `ready`, then one `batch` (a LiveBatch) per stored batch',
      type: 'text/event-stream',
    },
  },
  login: {
    method: 'post',
    path: '/v1/auth/login',
    summary:
      'Sign in to the viewer (sets an HttpOnly, SameSite=Strict cookie); tenant defaults to LOUPE_DEFAULT_TENANT',
    access: PUBLIC,
    body: { schema: fixed(signInRequest), limit: 'person' },
    response: { status: 200, description: 'Signed in', schema: signedIn },
  },
  logout: {
    method: 'post',
    path: '/v1/auth/logout',
    summary: 'Sign out: the session cookie stops working',
    access: PUBLIC,
    response: { status: 204, description: 'Signed out' },
  },
  me: {
    method: 'get',
    path: '/v1/auth/me',
    summary: 'The signed-in person and what their role may open',
    access: { kind: 'caller', scope: 'read', permissions: [] },
    response: { status: 200, description: 'The signed-in person', schema: whoAmI },
  },
  createApiKey: {
    method: 'post',
    path: '/v1/api-keys',
    summary: 'Create an API key; the key is in this answer only',
    access: ADMIN,
    body: { schema: fixed(createApiKeyRequest), limit: 'admin' },
    response: { status: 201, description: 'The key, shown once', schema: createdApiKey },
  },
  listApiKeys: {
    method: 'get',
    path: '/v1/api-keys',
    summary: "The tenant's active keys (prefix only)",
    access: ADMIN,
    response: { status: 200, description: 'The keys and the scopes a key may have', schema: apiKeyPage },
  },
  deleteApiKey: {
    method: 'delete',
    path: '/v1/api-keys/:id',
    summary: 'Revoke a key',
    access: ADMIN,
    params: idParams,
    response: { status: 204, description: 'Revoked' },
  },
  getSettings: {
    method: 'get',
    path: '/v1/settings',
    summary: "The tenant's settings",
    access: ADMIN,
    response: { status: 200, description: 'Settings', schema: tenantSettings },
  },
  putSettings: {
    method: 'put',
    path: '/v1/settings',
    summary: 'Change settings (fields left out keep their value)',
    access: ADMIN,
    body: { schema: fixed(tenantSettings.partial()), limit: 'admin' },
    response: { status: 200, description: 'The settings now', schema: tenantSettings },
  },
  listUsers: {
    method: 'get',
    path: '/v1/users',
    summary: "The tenant's users and roles",
    access: ADMIN,
    response: { status: 200, description: 'The users', schema: userPage },
  },
  createUser: {
    method: 'post',
    path: '/v1/users',
    summary: 'Add a user with a role (none above your own)',
    access: ADMIN,
    body: { schema: fixed(createUserRequest), limit: 'person' },
    response: { status: 201, description: 'The user', schema: signedInUser },
  },
  updateUser: {
    method: 'patch',
    path: '/v1/users/:id',
    summary: "Change a user's role, password, e-mail or notifications",
    access: ADMIN,
    params: idParams,
    body: { schema: fixed(updateUserRequest), limit: 'person' },
    response: { status: 200, description: 'The user', schema: signedInUser },
  },
  deleteUser: {
    method: 'delete',
    path: '/v1/users/:id',
    summary: 'Delete a user (not yourself)',
    access: ADMIN,
    params: idParams,
    response: { status: 204, description: 'Deleted' },
  },
  verifyIntegrity: {
    method: 'get',
    path: '/v1/integrity/verify',
    summary: 'Verify the audit chains; names the first tampered row',
    access: ADMIN,
    query: integrityQuery,
    response: { status: 200, description: 'A report per chain', schema: integrityResult },
  },
  listIntegrations: {
    method: 'get',
    path: '/v1/integrations',
    summary: 'Integrations and whether each needs re-authorisation',
    access: caller('read', 'callLogs'),
    response: { status: 200, description: 'The integrations', schema: integrationPage },
  },
  undeliveredNotifications: {
    method: 'get',
    path: '/v1/notifications/undelivered',
    summary: 'E-mail notifications that reached nobody, and why (shown in the viewer where an admin fixes it)',
    access: ADMIN,
    response: { status: 200, description: 'The last few, newest first', schema: undeliveredNotifications },
  },
  callLogFacets: {
    method: 'get',
    path: '/v1/call-logs/facets',
    summary: "The tenant's bot and application names, for the call-log filters (seed 001)",
    access: caller('read', 'callLogs'),
    response: { status: 200, description: 'Bots and applications, sorted', schema: callLogFacets },
  },
  registerIntegration: {
    method: 'post',
    path: '/v1/integrations',
    summary:
      "Register an integration (seed 001): its name (its call logs' application), kind and re-authorisation URL; " +
      'the same name again replaces it',
    access: ADMIN,
    body: { schema: fixed(registerIntegrationRequest), limit: 'admin' },
    response: { status: 200, description: 'The integration as registered', schema: registeredIntegration },
  },
  reauthorizeIntegration: {
    method: 'post',
    path: '/v1/integrations/reauthorize',
    summary: "Reauthorise (seed 001): audited as PLUGIN_CHANGE, answers the integration's re-authorisation URL to open",
    access: caller('admin', 'reauthorize'),
    body: { schema: fixed(reauthorizeRequest), limit: 'admin' },
    response: { status: 200, description: 'The URL to open', schema: reauthorizeAnswer },
    errors: [{ status: 404, codes: ['INTEGRATION_NOT_REGISTERED'], description: 'No integration of that name' }],
  },
  archiveRuns: {
    method: 'get',
    path: '/v1/archive/runs',
    summary: 'Archiving runs, newest first',
    access: ADMIN,
    response: { status: 200, description: 'The runs', schema: archiveRunPage },
  },
  runArchive: {
    method: 'post',
    path: '/v1/archive/run',
    summary: 'Archive the months due now',
    access: ADMIN,
    response: { status: 200, description: 'What was archived', schema: archiveResult },
  },
  createTenant: {
    method: 'post',
    path: '/v1/tenants',
    summary: 'Create a tenant with an admin key and a site key',
    access: { kind: 'operator' },
    body: { schema: fixed(createTenantRequest), limit: 'admin' },
    response: { status: 201, description: 'The tenant and its keys, shown once', schema: createdTenant },
  },
  runSql: {
    method: 'post',
    path: '/v1/sql',
    summary: "Read-only SQL over the caller's tenant's rows, of the tables its role may read",
    access: ADMIN,
    body: { schema: fixed(sqlRequest), limit: 'sql' },
    response: { status: 200, description: 'The rows and their columns', schema: sqlResult },
    // Mapped in http/on-error.ts from analyst-sql/errors.ts.
    errors: [
      {
        status: 400,
        codes: ['INVALID_FIELD', 'SQL_REJECTED', 'SQL_FAILED', 'SQL_TIMEOUT'],
        description: 'Refused, or failed in ClickHouse (its code and type in the message)',
      },
      {
        status: 403,
        codes: ['TABLE_FORBIDDEN'],
        description: "A table the caller's role may not read (call logs, for an Admin)",
      },
      {
        status: 429,
        codes: ['SQL_BUSY'],
        description: 'Two queries of this tenant already running or waiting (Retry-After)',
      },
    ],
  },
  sqlSchema: {
    method: 'get',
    path: '/v1/sql/schema',
    summary: "The tables the caller's SQL may read, with each column's type and meaning",
    access: ADMIN,
    response: { status: 200, description: 'The analyst tables and their columns', schema: sqlSchema },
  },
  createClickhouseUser: {
    method: 'post',
    path: '/v1/sql/clickhouse-user',
    summary: "Create (or replace) the tenant's read-only ClickHouse user, for Grafana or DBeaver (server mode)",
    access: ADMIN,
    response: { status: 201, description: 'The user and its password, shown once', schema: createdClickhouseUser },
    errors: [
      {
        status: 501,
        codes: ['SERVER_MODE_ONLY'],
        description: 'Loupe runs on the embedded engine, which has no users',
      },
      {
        status: 409,
        codes: ['CLICKHOUSE_REFUSED'],
        description: "ClickHouse refused a statement, e.g. Loupe's own user may not manage access",
      },
    ],
  },
  sessionsOverview: {
    method: 'get',
    path: '/v1/overview/sessions',
    summary: 'Sessions per day, their events by type and the most clicked elements (aggregates for charts)',
    access: SESSIONS,
    query: overviewQuery,
    response: { status: 200, description: 'Counts for the range, days in the asked zone', schema: sessionsOverview },
  },
  callLogsOverview: {
    method: 'get',
    path: '/v1/overview/call-logs',
    summary: 'Calls and errors per day, and errors per bot and per integration (aggregates for charts)',
    access: caller('read', 'callLogs'),
    query: overviewQuery,
    response: { status: 200, description: 'Counts for the range, days in the asked zone', schema: callLogsOverview },
  },
  recorderBundle: {
    method: 'get',
    path: '/recorder.js',
    summary: "The recorder's loader, for pages on any origin",
    access: PUBLIC,
    internal: true,
    response: { status: 200, description: 'JavaScript', type: 'text/javascript' },
  },
  recorderRrwebBundle: {
    method: 'get',
    path: '/recorder-rrweb.js',
    summary: "The recorder's lazily loaded rrweb part",
    access: PUBLIC,
    internal: true,
    response: { status: 200, description: 'JavaScript', type: 'text/javascript' },
  },
  demoPage: {
    method: 'get',
    path: '/demo',
    summary: 'A demo shop page to try the recorder on',
    access: PUBLIC,
    internal: true,
    response: { status: 200, description: 'HTML', type: 'text/html' },
  },
  viewerPages: {
    method: 'get',
    path: '/*',
    summary: "The viewer's pages (any path that asks for HTML)",
    access: PUBLIC,
    internal: true,
    response: { status: 200, description: 'HTML', type: 'text/html' },
  },
  // Issue 17, finding sessions: the rage and dead clicks a replay's timeline marks.
  sessionClickIssues: {
    method: 'get',
    path: '/v1/sessions/:id/click-issues',
    summary: "A session's rage clicks (bursts on one element) and dead clicks (the page did nothing), oldest first",
    access: SESSIONS,
    params: sessionIdParams,
    response: { status: 200, description: 'The rage bursts and dead clicks', schema: clickIssuePage },
  },
  // Issue 17: one log row by id, for deep links that open its detail pane (records/record-by-id.ts).
  auditEventById: byId('/v1/audit-events', 'audit event', 'audit', auditEventItem),
  changeAuditById: byId('/v1/change-audits', 'change audit', 'audit', changeAuditItem),
  callLogById: byId('/v1/call-logs', 'call log', 'callLogs', callLogItem),
  // Issue 17: notes on a session at a moment (notes/). People who may replay sessions write them;
  // a key needs the admin scope, since a note is a person's word, not a platform record.
  listSessionNotes: {
    method: 'get',
    path: '/v1/sessions/:id/notes',
    summary: "A session's notes, in timeline order",
    access: SESSIONS,
    params: sessionIdParams,
    response: { status: 200, description: 'The notes', schema: sessionNotePage },
  },
  createSessionNote: {
    method: 'post',
    path: '/v1/sessions/:id/notes',
    summary: 'Add a note at a moment of a session (audited as SESSION_NOTE)',
    access: caller('admin', 'sessions'),
    params: sessionIdParams,
    body: { schema: fixed(createNoteRequest), limit: 'person' },
    response: { status: 201, description: 'The note', schema: sessionNote },
    errors: [{ status: 409, codes: ['TOO_MANY_NOTES'], description: 'The session has as many notes as it may hold' }],
  },
  deleteSessionNote: {
    method: 'delete',
    path: '/v1/sessions/:id/notes/:noteId',
    summary: "Delete a note: its author's own, or any as an admin (audited as SESSION_NOTE)",
    access: caller('admin', 'sessions'),
    params: sessionIdParams.extend({ noteId: z.string() }),
    response: { status: 204, description: 'Deleted' },
    errors: [
      { status: 403, codes: ['NOT_YOUR_NOTE'], description: "Another person's note, and the caller is no admin" },
    ],
  },
  // Issue 17: click heatmaps, for whoever may replay sessions (heatmap/).
  heatmap: {
    method: 'get',
    path: '/v1/heatmap',
    summary:
      "Customers' clicks on one page (url) over from/to (the last 30 days by default), per 16 px cell of page coordinates, with the pages clicked and a recorded moment to draw them over",
    access: SESSIONS,
    query: heatmapQuery,
    response: { status: 200, description: 'The heatmap', schema: heatmapAnswer },
  },
  cobrowseRequest: {
    method: 'post',
    path: '/v1/sessions/:id/cobrowse',
    summary:
      "Co-browsing: a person watching the session live asks to join it; the customer's page asks the customer " +
      '(audited as LIVE_VIEW_REQUEST)',
    access: SESSIONS,
    params: sessionIdParams,
    response: { status: 201, description: 'The request, waiting for the customer', schema: cobrowseStatus },
  },
  cobrowseStatus: {
    method: 'get',
    path: '/v1/sessions/:id/cobrowse',
    summary: "Co-browsing: where the session's join request stands, and what became of each action",
    access: SESSIONS,
    params: sessionIdParams,
    response: { status: 200, description: 'The latest request', schema: cobrowseStatus },
  },
  cobrowseAction: {
    method: 'post',
    path: '/v1/sessions/:id/cobrowse/actions',
    summary: "Co-browsing: a click, typing or a scroll for the customer's page, once the customer consented",
    access: SESSIONS,
    params: sessionIdParams,
    body: { schema: fixed(agentAction), limit: 'person' },
    response: { status: 202, description: 'Sent to the page (its fate: the status)', schema: sentAction },
    errors: [{ status: 409, codes: ['NOT_JOINED'], description: 'No consented join of this person to the session' }],
  },
  cobrowseEnd: {
    method: 'delete',
    path: '/v1/sessions/:id/cobrowse',
    summary: 'Co-browsing: the agent ends the join (audited as LIVE_VIEW_END)',
    access: SESSIONS,
    params: sessionIdParams,
    response: { status: 200, description: 'Ended', schema: cobrowseStatus },
  },
  cobrowsePageStream: {
    method: 'get',
    path: '/v1/ingest/cobrowse',
    summary:
      "Co-browsing, the customer's page: server-sent events with the join request and the agent's actions " +
      '(site key and session secret in the query string: EventSource sends no headers)',
    access: { kind: 'site key' },
    query: cobrowsePageQuery,
    response: { status: 200, description: 'Server-sent events: `join`, `action`, `end`', type: 'text/event-stream' },
    errors: [{ status: 403, codes: ['SESSION_NOT_YOURS'], description: "Not the session's own recorder" }],
  },
  cobrowsePageReport: {
    method: 'post',
    path: '/v1/ingest/cobrowse',
    summary:
      "Co-browsing, the customer's page: the customer's consent, refusal or end, and what became of an action " +
      '(audited as LIVE_VIEW_CONSENT, LIVE_VIEW_REFUSAL, LIVE_VIEW_END)',
    access: { kind: 'site key' },
    query: cobrowsePageQuery.pick({ ss: true }),
    body: { schema: fixed(pageReport), limit: 'person' },
    response: { status: 202, description: 'Taken', schema: z.object({ ok: z.literal(true) }) },
    errors: [
      { status: 403, codes: ['SESSION_NOT_YOURS'], description: "Not the session's own recorder" },
      { status: 409, codes: ['NO_SUCH_REQUEST'], description: 'No such request (or action) of the session' },
    ],
  },
  recorderCobrowseBundle: {
    method: 'get',
    path: '/recorder-cobrowse.js',
    summary: "The recorder's co-browse part, loaded only when an agent asks to join",
    access: PUBLIC,
    internal: true,
    response: { status: 200, description: 'JavaScript', type: 'text/javascript' },
  },
} satisfies Record<string, RouteSpec>;

/** One row of a record family by its id; another tenant's id is a 404, like an unknown one. */
function byId(path: string, name: string, permission: Permission, item: z.ZodType) {
  return {
    method: 'get',
    path: `${path}/:id`,
    summary: `One ${name} by its id (404 when the caller's tenant has none with it)`,
    access: caller('read', permission),
    params: idParams,
    response: { status: 200, description: `The ${name}`, schema: item },
  } satisfies RouteSpec;
}

/** The three routes of one platform record family: write, read, export. */
export function recordRoutes(f: AnyFamily) {
  const read: Permission = f.permission;
  return {
    write: {
      method: 'post',
      path: f.path,
      summary:
        `Store ${f.name}: one record or an array, all or nothing; ` +
        `with an ${IDEMPOTENCY_HEADER}, a retry stores nothing new`,
      access: { kind: 'caller', scope: 'ingest' }, // API keys only: people do not post records
      body: { schema: f.schema, limit: 'bulk', records: true },
      headers: [
        { name: IDEMPOTENCY_HEADER, in: 'header', description: 'Up to 255 characters; a retry gets the first answer' },
      ],
      response: {
        status: 202,
        description: 'Stored',
        schema: recordsStored,
        headers: {
          'Idempotent-Replayed': `true when this is the first answer to the same ${IDEMPOTENCY_HEADER}, replayed`,
        },
      },
      errors: [
        {
          status: 409,
          codes: ['IDEMPOTENCY_IN_PROGRESS'],
          description: `A request with this ${IDEMPOTENCY_HEADER} is still running (Retry-After)`,
        },
        {
          status: 422,
          codes: ['IDEMPOTENCY_KEY_REUSED'],
          description: `This ${IDEMPOTENCY_HEADER} came with another body`,
        },
        SPOOL_REFUSED,
      ],
    },
    list: {
      method: 'get',
      path: f.path,
      summary: `Read ${f.name}, newest first`,
      access: caller('read', read),
      query: f.filters,
      response: { status: 200, description: `A page of ${f.name}`, schema: f.page },
    },
    export: {
      method: 'get',
      path: `${f.path}/export.csv`,
      summary: `Export ${f.name} as CSV, oldest first`,
      access: caller('export', read, 'admin'),
      // The family's filters are strict objects; `bom=1` starts the file with a UTF-8 BOM (for spreadsheets).
      query: (f.filters as unknown as z.ZodObject).extend(csvExportParams),
      response: { status: 200, description: 'CSV, streamed', type: 'text/csv' },
    },
  } satisfies Record<string, RouteSpec>;
}

export type NamedRoute = RouteSpec & { id: string };

/** The whole table, each row with its name (the OpenAPI operationId). */
export function routeTable(families: readonly AnyFamily[] = PLATFORM_FAMILIES): NamedRoute[] {
  const rows: NamedRoute[] = Object.entries(ROUTES).map(([id, r]) => ({ ...(r as RouteSpec), id }));
  for (const f of families) {
    const name = f.path
      .split('/')
      .pop()!
      .replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase());
    for (const [verb, r] of Object.entries(recordRoutes(f)))
      rows.push({ ...r, id: `${verb}${name[0]!.toUpperCase()}${name.slice(1)}` });
  }
  return rows;
}
