/**
 * The soak (issues 8 and 14): a steady load at a fixed rate, by default 80 % of the maximum measured
 * first against the same collector (senders as fast as they are answered, 15 s), for ten minutes,
 * against the collector in its own process. Every answer that is not 202 is recorded with its status. Every 10 s it samples the
 * collector's resident memory and the acknowledgement latency of that interval; at the end it says
 * whether memory stayed flat and p99 steady, and, from the collector's data folder once it has
 * stopped, whether every acknowledged batch is stored exactly once. Run on demand, never in CI:
 *
 *   npx -y pnpm@10.34.8 --filter @loupe/benchmarks soak [--minutes 10] [--rate 850]
 *
 * `--rate` is recorder events per second; the paced sender keeps it whatever the latency, so a
 * slowing collector shows as growing latency (and memory), not as a lower rate.
 */
import { sampleBatch } from '@loupe/schemas/fixtures';
import { migrate, openClickHouse } from '@loupe/collector/storage';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { SITE_KEY, startCollector } from '../collector/collector-process.ts';
import { postLoad } from '../ingest/post-load.ts';
import { BENCH_DIR } from '../util/paths.ts';
import { scratchDir } from '../util/scratch-dir.ts';
import { median, percentile } from '../util/stats.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MINUTES = arg('minutes', 10);
/** Events per second; 0 (the default) means 80 % of the maximum measured first. */
const GIVEN_RATE = arg('rate', 0);
const OF_MAX = 0.8;
const EVENTS_PER_BATCH =
  sampleBatch('soak-probe-0', 0, Date.now()).events.length + sampleBatch('soak-probe-0', 0, Date.now()).replay.length;
const SAMPLE_MS = 10_000;

/** What the collector's memory is made of, sampled beside RSS: each figure the sum of its /metrics series. */
const MEMORY_SERIES = {
  /** The JavaScript heap in use. */
  heapMb: ['loupe_nodejs_heap_size_used_bytes'],
  /** What the embedded engine tracks; of that, merges under way, and its caches together. */
  engineMb: ['loupe_clickhouse_memory_bytes{part="total"}'],
  mergesMb: ['loupe_clickhouse_memory_bytes{part="merges"}'],
  cachesMb: [
    'mark_cache',
    'primary_index_cache',
    'page_cache',
    'uncompressed_cache',
    'query_condition_cache',
    'compiled_expression_cache',
  ].map((p) => `loupe_clickhouse_memory_bytes{part="${p}"}`),
  /** The engine's allocator: bytes it has handed out, and what it keeps resident (jemalloc's own figures). */
  allocatedMb: ['loupe_clickhouse_memory_bytes{part="allocator_allocated"}'],
  allocatorMb: ['loupe_clickhouse_memory_bytes{part="allocator_resident"}'],
};
type MemorySample = Record<keyof typeof MEMORY_SERIES, number>;

/** MEMORY_SERIES from the collector's /metrics (series named with their labels, as printed), in MB; NaN when the scrape fails. */
async function scrapeMemory(collectorUrl: string): Promise<MemorySample> {
  const text = await fetch(`${collectorUrl}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const lines = new Map(text.split('\n').map((l) => [l.slice(0, l.lastIndexOf(' ')), l.slice(l.lastIndexOf(' ') + 1)]));
  const mb = (series: readonly string[]) =>
    series.reduce((sum, name) => sum + Number(lines.get(name) ?? NaN), 0) / 2 ** 20;
  return Object.fromEntries(Object.entries(MEMORY_SERIES).map(([k, series]) => [k, mb(series)])) as MemorySample;
}

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

/** One batch; `secret` is the session's, from its first 202 (which answers it in `Loupe-Secret`). */
function post(
  url: URL,
  agent: Agent,
  body: Buffer,
  secret = '',
): Promise<{ status: number; secret: string; text: string }> {
  return new Promise((resolve) => {
    const headers = {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
      'X-Loupe-Key': SITE_KEY,
      'X-Loupe-Session-Secret': secret,
      'Content-Length': String(body.length),
    };
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (text.length < 500) text += d;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, secret: String(res.headers['loupe-secret'] ?? ''), text }),
      );
    });
    req.setTimeout(60_000, () => req.destroy());
    req.on('error', (e) => resolve({ status: 0, secret: '', text: e.message }));
    req.end(body);
  });
}

/** Events per second the collector acknowledges with 32 senders each waiting for its answer. */
async function measureMax(collectorUrl: string): Promise<number> {
  let n = 0;
  const headers = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'X-Loupe-Key': SITE_KEY };
  const r = await postLoad({
    url: `${collectorUrl}/v1/ingest`,
    concurrency: 32,
    warmupMs: 3_000,
    windowMs: 15_000,
    nextSession: () => {
      const id = `soak-max-${(n++).toString().padStart(8, '0')}`;
      return Array.from({ length: 24 }, (_, seq) => ({
        body: gzipSync(JSON.stringify(sampleBatch(id, seq, Date.now() - 1000))),
        headers,
        count: EVENTS_PER_BATCH,
      }));
    },
  });
  return r.perSecond;
}

/**
 * What the stopped collector's folder holds of the acknowledged batches: each must have one
 * receipt, one replay chunk and its events once. Answers the batches that do not, by problem.
 */
async function storedOnce(dataDir: string, acked: ReadonlySet<string>, events: number) {
  const client = await openClickHouse({ kind: 'embedded', dataDir });
  await migrate(client);
  const counts = async (table: string) => {
    const r = await client.query({
      query: `SELECT concat(session_id, '/', toString(seq)) AS k, count() AS n FROM ${table} WHERE session_id LIKE 'soak-0%' GROUP BY k`,
      format: 'JSONEachRow',
    });
    return new Map(((await r.json()) as { k: string; n: number }[]).map((x) => [x.k, Number(x.n)]));
  };
  const [receipts, chunks, rows] = [
    await counts('ingest_batches'),
    await counts('replay_chunks'),
    await counts('cobrowse_events'),
  ];
  await client.close();
  const wrong = { missing: 0, twice: 0 };
  for (const k of acked) {
    const got = [receipts.get(k) ?? 0, chunks.get(k) ?? 0, (rows.get(k) ?? 0) / events];
    if (got.some((n) => n < 1)) wrong.missing++;
    else if (got.some((n) => n > 1)) wrong.twice++;
  }
  return wrong;
}

async function main(): Promise<void> {
  // A folder of our own, kept past the collector's stop, to count what it stored.
  const dataDir = scratchDir('soak');
  const collector = await startCollector({ dataDir });
  const url = new URL('/v1/ingest', collector.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const max = GIVEN_RATE ? 0 : await measureMax(collector.url);
  const RATE = GIVEN_RATE || Math.round(max * OF_MAX);
  const batchesPerSecond = RATE / EVENTS_PER_BATCH;
  /** Every answer other than 202, by status (0: no answer), with the first body of each. */
  const refused = new Map<number, { count: number; first: string }>();
  const refuse = (status: number, body: string) => {
    const r = refused.get(status) ?? { count: 0, first: body.slice(0, 200) };
    r.count++;
    refused.set(status, r);
  };
  const samples: (MemorySample & {
    at: number;
    rssMb: number;
    sent: number;
    acked: number;
    failed: number;
    p50: number;
    p99: number;
  })[] = [];
  let latencies: number[] = [];
  let sent = 0;
  let acked = 0;
  const ackedKeys = new Set<string>();
  let failed = 0;
  const t0 = performance.now();
  const end = t0 + MINUTES * 60_000;
  let session = 0;
  let seq = 0;
  let sessionSecret: Promise<string> = Promise.resolve('');
  const inflight = new Set<Promise<void>>();
  console.log(
    `soak: ${MINUTES} min at ${RATE} events/s (${batchesPerSecond.toFixed(1)} batches/s) against ${collector.url}`,
  );
  let stopped = false;
  const sampler = setInterval(async () => {
    const at = Math.round((performance.now() - t0) / 1000);
    const rssMb = rssOf(collector.child.pid!) / 2 ** 20;
    const memory = await scrapeMemory(collector.url);
    if (stopped) return;
    const s = {
      at,
      rssMb,
      ...memory,
      sent,
      acked,
      failed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
    samples.push(s);
    latencies = [];
    console.log(
      `${s.at}s  rss ${s.rssMb.toFixed(0)} MB (heap ${s.heapMb.toFixed(0)}, engine ${s.engineMb.toFixed(0)}: merges ${s.mergesMb.toFixed(0)}, caches ${s.cachesMb.toFixed(0)}; allocator ${s.allocatedMb.toFixed(0)} of ${s.allocatorMb.toFixed(0)})  acked ${s.acked}/${s.sent}  failed ${s.failed}  p50 ${s.p50.toFixed(0)} ms  p99 ${s.p99.toFixed(0)} ms`,
    );
  }, SAMPLE_MS);
  // Paced, not closed-loop: batch k leaves at t0 + k / rate whatever happened to earlier ones (bounded in flight).
  for (let k = 0; performance.now() < end; k++) {
    const due = t0 + (k / batchesPerSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inflight.size >= 2_000) {
      failed++;
      refuse(-1, 'not sent: 2,000 requests already waiting for answers');
      continue;
    }
    if (seq === 24) {
      session++;
      seq = 0;
    }
    const first = seq === 0;
    const batch = sampleBatch(`soak-${session.toString().padStart(8, '0')}`, seq++, Date.now() - 1000);
    const key = `${batch.sessionId}/${batch.seq}`;
    const body = gzipSync(JSON.stringify(batch));
    const started = performance.now();
    sent++;
    // A session's later batches wait for its first's answer, which carries the secret they must send.
    const answer = first ? post(url, agent, body) : sessionSecret.then((s) => post(url, agent, body, s));
    if (first) sessionSecret = answer.then((a) => a.secret);
    const p = answer.then(({ status, text }) => {
      if (status === 202) {
        acked++;
        ackedKeys.add(key);
        latencies.push(performance.now() - started);
      } else {
        failed++;
        refuse(status, text);
      }
    });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }
  await Promise.all(inflight);
  clearInterval(sampler);
  // A sample whose scrape is still under way is not counted: the collector is about to stop.
  stopped = true;
  await collector.stop();
  const cobrowsePerBatch = sampleBatch('soak-probe-0', 0, Date.now()).events.length;
  const wrong = await storedOnce(dataDir, ackedKeys, cobrowsePerBatch);
  rmSync(dataDir, { recursive: true, force: true });

  const minute = (from: number, to: number) => samples.filter((s) => s.at > from && s.at <= to);
  const first = minute(60, 120);
  const last = minute(MINUTES * 60 - 60, MINUTES * 60);
  const rssGrowth = median(last.map((s) => s.rssMb)) / median(first.map((s) => s.rssMb));
  const p99Ratio = median(last.map((s) => s.p99)) / median(first.map((s) => s.p99));
  const growth = (of: (s: (typeof samples)[number]) => number) =>
    `${median(first.map(of)).toFixed(0)} → ${median(last.map(of)).toFixed(0)} MB`;
  const verdict = `memory ${rssGrowth <= 1.1 ? 'flat' : 'GREW'} (last minute / second minute: ${rssGrowth.toFixed(2)}), p99 ${p99Ratio <= 1.1 ? 'steady' : 'WORSENED'} (${p99Ratio.toFixed(2)})`;
  const lines = [
    '# Soak',
    '',
    `Written by \`npx -y pnpm@10.34.8 --filter @loupe/benchmarks soak --minutes ${MINUTES}${GIVEN_RATE ? ` --rate ${GIVEN_RATE}` : ''}\` on ${new Date().toISOString()}.`,
    '',
    GIVEN_RATE
      ? `Rate: ${RATE} events/s, as given.`
      : `Rate: ${RATE} events/s, ${OF_MAX * 100} % of the ${Math.round(max)} events/s measured first (32 senders, 15 s).`,
    '',
    `Result: ${verdict}; ${acked} of ${sent} batches acknowledged, ${failed} failed; of the acknowledged, ${wrong.missing} not stored, ${wrong.twice} stored more than once (receipts, replay chunks and events in the collector's folder after it stopped).`,
    '',
    `Memory, second minute → last minute (medians): RSS ${growth((s) => s.rssMb)}, of which the JavaScript heap in use ${growth((s) => s.heapMb)} and the embedded engine's tracked memory ${growth((s) => s.engineMb)} (merges ${growth((s) => s.mergesMb)}, caches ${growth((s) => s.cachesMb)}), while its allocator handed out ${growth((s) => s.allocatedMb)} and kept ${growth((s) => s.allocatorMb)} resident (the collector's /metrics).`,
    '',
    '| status | answers | first body |',
    '|---|---|---|',
    ...[...refused].map(
      ([status, r]) => `| ${status === -1 ? 'not sent' : status} | ${r.count} | ${r.first.replaceAll('|', '\\|')} |`,
    ),
    '',
    '| s | RSS MB | heap MB | engine MB | merges MB | caches MB | allocated MB | allocator resident MB | acked / sent | failed | p50 ms | p99 ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...samples.map(
      (s) =>
        `| ${s.at} | ${s.rssMb.toFixed(0)} | ${s.heapMb.toFixed(0)} | ${s.engineMb.toFixed(0)} | ${s.mergesMb.toFixed(0)} | ${s.cachesMb.toFixed(0)} | ${s.allocatedMb.toFixed(0)} | ${s.allocatorMb.toFixed(0)} | ${s.acked} / ${s.sent} | ${s.failed} | ${s.p50.toFixed(0)} | ${s.p99.toFixed(0)} |`,
    ),
  ];
  writeFileSync(join(BENCH_DIR, 'SOAK.md'), `${lines.join('\n')}\n`);
  console.log(verdict, wrong);
}

await main();
