import { encode } from '../fixture/encodings.ts';
import { SITE_KEY, ADMIN_KEY } from '../collector/collector-process.ts';
import type { Shot } from './post-load.ts';
import { changeAudits } from '../storage/change-audit-workload.ts';
import { PLATFORM_BATCH, auditEvents, callLogs } from './platform-workload.ts';
import { loadSessionId, type LoadTemplate } from './recorder-workload.ts';

const RECORDER_HEADERS = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'X-Loupe-Key': SITE_KEY };

/** Fresh sessions for the recorder load, each its 24 gzipped batches; at most `limit` of them. */
export function recorderSessions(template: LoadTemplate, round: string, limit: number): () => Shot[] | null {
  let n = 0;
  return () => {
    if (n >= limit) return null;
    const id = loadSessionId(round, n++);
    return template.events.map((count, i) => ({ body: template.gzipOf(id, i), headers: RECORDER_HEADERS, count }));
  };
}

/** Platform POSTs of PLATFORM_BATCH records each, JSON as a log shipper sends them; made up front. */
export type PlatformKind = 'audit' | 'calls' | 'changes';

const platformRecords = (kind: PlatformKind, n: number, now: number): object[] =>
  kind === 'audit' ? auditEvents(n, now) : kind === 'calls' ? callLogs(n, now) : changeAudits(n, now);

export function platformShots(kind: PlatformKind, requests: number, now = Date.now()): () => Shot[] | null {
  const records = platformRecords(kind, PLATFORM_BATCH * requests, now);
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${ADMIN_KEY}` };
  const shots = Array.from({ length: requests }, (_, i) => ({
    body: encode(records.slice(i * PLATFORM_BATCH, (i + 1) * PLATFORM_BATCH), 'json'),
    headers,
    count: PLATFORM_BATCH,
  }));
  let next = 0;
  return () => (next < shots.length ? [shots[next++]!] : null);
}
