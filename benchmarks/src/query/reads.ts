import { CALL_LOG_TABLE, CHANGE_AUDIT_TABLE, COBROWSE_TABLE, REPLAY_TABLE, SESSIONS_TABLE } from '@loupe/schemas';

/** What the reads ask for: one session, one day, a week of one bot's errors, one month. */
export interface ReadParams {
  tenantId: string;
  sessionId: string;
  sessionStart: number;
  sessionEnd: number;
  dayFrom: number;
  dayTo: number;
  bot: string;
  weekFrom: number;
  weekTo: number;
  monthFrom: number;
  monthTo: number;
}

export type ReadName = 'sessionEvents' | 'replayWindow' | 'sessionList' | 'callLogErrors' | 'changeAuditExport';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The reads measured: the table each one is held against, whether it is "one session's data"
 * (goal: read < 0.5 % of the table), and the HTTP route that serves it.
 */
export const READS: {
  name: ReadName;
  label: string;
  table: string;
  oneSession: boolean;
  path: (p: ReadParams) => string;
}[] = [
  {
    name: 'sessionEvents',
    label: "one session's events",
    table: COBROWSE_TABLE,
    oneSession: true,
    path: (p) => `/v1/sessions/${p.sessionId}/events?limit=10000`,
  },
  {
    name: 'replayWindow',
    label: "one session's replay window (1 min)",
    table: REPLAY_TABLE,
    oneSession: true,
    path: (p) =>
      `/v1/sessions/${p.sessionId}/replay?from=${iso(p.sessionStart + 5 * 60_000)}&to=${iso(p.sessionStart + 6 * 60_000)}`,
  },
  {
    name: 'sessionList',
    label: 'session list for a day',
    table: SESSIONS_TABLE,
    oneSession: false,
    path: (p) => `/v1/sessions?from=${iso(p.dayFrom)}&to=${iso(p.dayTo)}`,
  },
  {
    name: 'callLogErrors',
    label: 'call logs of one bot, errors, over a week',
    table: CALL_LOG_TABLE,
    oneSession: false,
    path: (p) =>
      `/v1/call-logs?bot=${encodeURIComponent(p.bot)}&status=error&from=${iso(p.weekFrom)}&to=${iso(p.weekTo)}`,
  },
  {
    name: 'changeAuditExport',
    label: "a month's change-audit CSV export",
    table: CHANGE_AUDIT_TABLE,
    oneSession: false,
    path: (p) => `/v1/change-audits/export.csv?from=${iso(p.monthFrom)}&to=${iso(p.monthTo)}`,
  },
];
