import {
  AUDIT_TYPES,
  BATCH_TABLE,
  CALL_LOG_TABLE,
  CHANGE_AUDIT_TABLE,
  COBROWSE_TABLE,
  REPLAY_TABLE,
  AUDIT_TABLE,
  TYPE_COUNT_COLUMNS,
} from '@loupe/schemas';
import { BENCH_TENANT } from '../ingest/recorder-rows.ts';

/** Sizes of the generated tables, and the moment they end at. */
export interface TableSizes {
  events: number;
  sessions: number;
  auditEvents: number;
  callLogs: number;
  changeAudits: number;
  now: number;
}

/** Rows of the collector's default tenant, so its routes read them. */
export const TENANT = BENCH_TENANT;
/** Co-browse events per recorder batch: the seq of event k of a session is k / 20. */
export const EVENTS_PER_BATCH = 20;
const DAY = 86_400_000;
/** Sessions start over the 30 days before `now`; each lasts events × its pace (0.5-3 s an event). */
export const SESSION_SPAN_MS = 30 * DAY;

const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(',')}]`;
const pick = (xs: readonly string[], h: string) => `arrayElement(${list(xs)}, 1 + (${h}) % ${xs.length})`;
/** ClickHouse has no >> operator. */
const shr = (h: string, bits: number) => `bitShiftRight(${h}, ${bits})`;
const ms = (expr: string) => `fromUnixTimestamp64Milli(toInt64(${expr}), 'UTC')`;

const PAGES = [
  '',
  'products',
  'products/shoes',
  'products/bags',
  'cart',
  'checkout',
  'account',
  'help',
  'search',
  'orders',
];
const TARGETS = [
  'add-to-cart',
  'checkout',
  'email',
  'password',
  'search',
  'qty',
  'coupon',
  'menu',
  'next',
  'size',
  'colour',
  'login',
  'address',
  'zip',
  'buy-now',
];
const WORDS = ['Add to cart', 'Check out', 'Next', 'Sign in', 'Apply', 'Continue', 'Size M', 'Blue', 'Help', 'Orders'];

/**
 * Session-level values from the session number `s`: a random-looking id (as the recorder makes),
 * a start within SESSION_SPAN_MS and a pace, so sessions differ in length and time.
 */
const sid = (s: string) => `concat('s', lower(hex(sipHash64(${s}, 'loupe'))))`;
const sessionStart = (s: string, now: number) =>
  `(${now - SESSION_SPAN_MS - DAY} + (sipHash64(${s}, 'start') % ${SESSION_SPAN_MS}))`;
const pace = (s: string) => `(500 + sipHash64(${s}, 'pace') % 2500)`;

/** ≥10M co-browse events over 10,000 sessions with the type mix of real traffic: mostly scrolls and clicks. */
export function cobrowseSql(z: TableSizes): string {
  const s = `(number % ${z.sessions})`;
  const k = `intDiv(number, ${z.sessions})`;
  const h = `sipHash64(number, 'ev')`;
  const type = `multiIf(${h} % 100 < 35, 'SCROLL', ${h} % 100 < 60, 'CLICK', ${h} % 100 < 80, 'INPUT', ${h} % 100 < 85, 'PAGECHANGE', ${h} % 100 < 90, 'SELECTION', ${h} % 100 < 95, 'FORM', 'CUSTOM_EVENT')`;
  return `INSERT INTO ${COBROWSE_TABLE} (tenant_id, session_id, ts, seq, idx, type, is_agent, url, target, text, detail, x, y)
    SELECT '${TENANT}', ${sid(s)}, ${ms(`${sessionStart(s, z.now)} + ${k} * ${pace(s)} + ${h} % 400`)},
      intDiv(${k}, ${EVENTS_PER_BATCH}), ${k} % ${EVENTS_PER_BATCH}, t, ${s} % 10 = 0,
      concat('https://shop.example.com/', ${pick(PAGES, `intDiv(${k}, 100) + ${s}`)}),
      if(t IN ('CLICK', 'INPUT', 'FORM'), ${pick(TARGETS, h)}, ''),
      multiIf(t = 'CLICK', ${pick(WORDS, shr(h, 8))}, t = 'INPUT', repeat('*', ${h} % 24), t = 'SELECTION', ${pick(WORDS, shr(h, 4))}, t = 'CUSTOM_EVENT', toString(${h} % 500), ''),
      multiIf(t = 'PAGECHANGE', concat('https://shop.example.com/', ${pick(PAGES, shr(h, 3))}), t = 'CUSTOM_EVENT', 'cart-value', ''),
      if(t IN ('CLICK', 'SCROLL'), toInt32(if(t = 'CLICK', ${h} % 1280, 0)), NULL),
      if(t IN ('CLICK', 'SCROLL'), toInt32(if(t = 'CLICK', ${shr(h, 16)} % 800, (${k} * 37) % 20000)), NULL)
    FROM (SELECT number, ${type} AS t FROM numbers(${z.events}))`;
}

/** One replay chunk and one receipt per recorder batch of every session (the receipts feed `sessions`). */
export function batchSqls(z: TableSizes): string[] {
  const perSession = Math.ceil(z.events / z.sessions / EVENTS_PER_BATCH);
  const rows = z.sessions * perSession;
  const s = `(number % ${z.sessions})`;
  const seq = `intDiv(number, ${z.sessions})`;
  const first = `(${sessionStart(s, z.now)} + ${seq} * ${EVENTS_PER_BATCH} * ${pace(s)})`;
  const last = `(${first} + ${EVENTS_PER_BATCH} * ${pace(s)} - 1)`;
  // rrweb-like payloads of 4-28 KB (a full snapshot, 200 KB, every 60th chunk): the size decides
  // how many rows a granule holds (index_granularity_bytes), so it must be realistic for read_rows.
  const move = `{"type":3,"timestamp":', toString(${first}), ',"data":{"source":1,"positions":[{"x":', toString(sipHash64(number) % 1280), ',"y":', toString(sipHash64(number, 1) % 800), ',"id":', toString(sipHash64(number, 2) % 9000), ',"timeOffset":-40}]}},`;
  const payload = `concat('[', if(${seq} % 60 = 0, concat('{"type":2,"timestamp":', toString(${first}), ',"data":{"node":"', repeat('<div class=row>text</div>', 8000), '"}},'), ''), repeat(concat('${move}'), 30 + sipHash64(number, 3) % 200), '{"type":5,"timestamp":0,"data":{}}]')`;
  const counts = TYPE_COUNT_COLUMNS.map((c, i) => `${[7, 5, 4, 1, 1, 1, 1][i]} AS ${c}`).join(', ');
  return [
    `INSERT INTO ${REPLAY_TABLE} (tenant_id, session_id, seq, first_ts, last_ts, event_count, has_full_snapshot, payload)
     SELECT '${TENANT}', ${sid(s)}, ${seq}, ${ms(first)}, ${ms(last)}, 40, ${seq} % 60 = 0, ${payload} FROM numbers(${rows})`,
    `INSERT INTO ${BATCH_TABLE} (tenant_id, session_id, seq, received_at, first_ts, last_ts, is_agent, user_id, user_name, page_urls, event_count, ${TYPE_COUNT_COLUMNS.join(', ')}, replay_count, has_full_snapshot)
     SELECT '${TENANT}', ${sid(s)}, ${seq}, ${ms(`${last} + 200`)}, ${ms(first)}, ${ms(last)}, ${s} % 10 = 0,
       if(${s} % 3 = 0, concat('cust-', toString(${s})), ''), if(${s} % 3 = 0, concat('Customer ', toString(${s})), ''),
       [concat('https://shop.example.com/', ${pick(PAGES, `intDiv(${seq} * ${EVENTS_PER_BATCH}, 100) + ${s}`)})], ${EVENTS_PER_BATCH}, ${counts}, 40, ${seq} % 60 = 0
     FROM numbers(${rows})`,
  ];
}

const BOTS = [
  'Support bot',
  'Sales bot',
  'Billing bot',
  'Onboarding bot',
  'Returns bot',
  'Booking bot',
  'FAQ bot',
  'Escalation bot',
];
const APPS = ['Salesforce', 'Zendesk', 'SAP', 'HubSpot', 'Shopify', 'Jira'];
const METHODS = ['GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'C2E'];

export function platformSqls(z: TableSizes): string[] {
  const h = `sipHash64(number, 'p')`;
  // Audit events over 90 days, call logs over the 28 days their retention keeps, change audits over a year.
  const audit = `INSERT INTO ${AUDIT_TABLE} (tenant_id, ts, id, type, user_id, data, key_id, received_at)
    SELECT '${TENANT}', ${ms(`${z.now - 90 * DAY} + intDiv(number * ${90 * DAY}, ${z.auditEvents})`)}, generateUUIDv4(number), ${pick(AUDIT_TYPES, h)},
      concat('agent-', toString(${h} % 400)), concat('{"callId":"call-', toString(number), '","customerId":"cust-', toString(${h} % 50000), '"}'), 'bench',
      ${ms(`${z.now - 90 * DAY} + intDiv(number * ${90 * DAY}, ${z.auditEvents}) + 50`)}
    FROM numbers(${z.auditEvents})`;
  const code = `arrayElement([200, 200, 200, 200, 200, 200, 201, 204, 302, 400, 401, 404, 500, 502, 0], 1 + ${h} % 15)`;
  const calls = `INSERT INTO ${CALL_LOG_TABLE} (tenant_id, ts, id, application, bot, source, user, method, url, status_code, success, duration_ms, request, response, key_id, received_at)
    SELECT '${TENANT}', ${ms(`${z.now - 28 * DAY} + intDiv(number * ${28 * DAY}, ${z.callLogs})`)}, generateUUIDv4(number), ${pick(APPS, shr(h, 5))}, ${pick(BOTS, shr(h, 9))},
      concat('Main flow / Step ', toString(${h} % 12)), concat('user-', toString(${h} % 3000), '@example.com'), ${pick(METHODS, shr(h, 13))},
      concat('https://api.example.com/v1/accounts/', toString(${h} % 100000)), c, c BETWEEN 200 AND 399, 20 + ${h} % 3000,
      concat('curl -X POST ''https://api.example.com/v1/accounts'' -d ''{"q":"', toString(${h} % 100000), '"}'''),
      if(c BETWEEN 200 AND 399, concat('{"id":"', toString(number), '","name":"Ada"}'), concat('{"error":"upstream failed","code":', toString(c), '}')),
      'bench', ${ms(`${z.now - 28 * DAY} + intDiv(number * ${28 * DAY}, ${z.callLogs}) + 50`)}
    FROM (SELECT number, ${code} AS c FROM numbers(${z.callLogs}))`;
  const changes = `INSERT INTO ${CHANGE_AUDIT_TABLE} (tenant_id, action_date, id, facility, username, field, before, after, action, origin, key_id, received_at)
    SELECT '${TENANT}', ${ms(`${z.now - 365 * DAY} + intDiv(number * ${365 * DAY}, ${z.changeAudits})`)}, generateUUIDv4(number), ${pick(['Channels', 'Data permissions'], h)},
      if(${h} % 5 = 0, 'Administrator', concat('admin-', toString(${h} % 40))), ${pick(['Name', 'Description', 'Notifications Enabled', 'Routing', 'Greeting'], shr(h, 3))},
      if(${h} % 3 = 0, '', concat('value ', toString(number - 1))), concat('value ', toString(number)), ${pick(['Add', 'Update', 'Delete'], shr(h, 7))},
      ${pick(['KPICHAT', 'TCMC', 'ExternalAPI'], shr(h, 11))}, 'bench', ${ms(`${z.now - 365 * DAY} + intDiv(number * ${365 * DAY}, ${z.changeAudits}) + 50`)}
    FROM numbers(${z.changeAudits})`;
  return [audit, calls, changes];
}
