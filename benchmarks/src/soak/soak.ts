/**
 * The soak (issue 8): a steady load at a fixed rate, by default half the maximum the ingest bench
 * measured, for ten minutes, against the collector in its own process. Every 10 s it samples the
 * collector's resident memory and the acknowledgement latency of that interval; at the end it says
 * whether memory stayed flat and p99 steady. Run on demand, never in CI:
 *
 *   npx -y pnpm@10.34.8 --filter @loupe/benchmarks soak [--minutes 10] [--rate 850]
 *
 * `--rate` is recorder events per second; the paced sender keeps it whatever the latency, so a
 * slowing collector shows as growing latency (and memory), not as a lower rate.
 */
import { sampleBatch } from '@loupe/schemas/fixtures';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { SITE_KEY, startCollector } from '../collector/collector-process.ts';
import { BENCH_DIR } from '../util/paths.ts';
import { median, percentile } from '../util/stats.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MINUTES = arg('minutes', 10);
/** Half of the ~1,700 events/s the quick ingest bench measured (benchmarks/RESULTS.md). */
const RATE = arg('rate', 850);
const EVENTS_PER_BATCH =
  sampleBatch('soak-probe-0', 0, Date.now()).events.length + sampleBatch('soak-probe-0', 0, Date.now()).replay.length;
const SAMPLE_MS = 10_000;

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

/** One batch; `secret` is the session's, from its first 202 (which answers it in `Loupe-Secret`). */
function post(url: URL, agent: Agent, body: Buffer, secret = ''): Promise<{ status: number; secret: string }> {
  return new Promise((resolve) => {
    const headers = {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
      'X-Loupe-Key': SITE_KEY,
      'X-Loupe-Session-Secret': secret,
      'Content-Length': String(body.length),
    };
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, secret: String(res.headers['loupe-secret'] ?? '') }));
    });
    req.setTimeout(60_000, () => req.destroy());
    req.on('error', () => resolve({ status: 0, secret: '' }));
    req.end(body);
  });
}

async function main(): Promise<void> {
  const collector = await startCollector();
  const url = new URL('/v1/ingest', collector.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const batchesPerSecond = RATE / EVENTS_PER_BATCH;
  const samples: {
    at: number;
    rssMb: number;
    sent: number;
    acked: number;
    failed: number;
    p50: number;
    p99: number;
  }[] = [];
  let latencies: number[] = [];
  let sent = 0;
  let acked = 0;
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
  const sampler = setInterval(() => {
    const s = {
      at: Math.round((performance.now() - t0) / 1000),
      rssMb: rssOf(collector.child.pid!) / 2 ** 20,
      sent,
      acked,
      failed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
    samples.push(s);
    latencies = [];
    console.log(
      `${s.at}s  rss ${s.rssMb.toFixed(0)} MB  acked ${s.acked}/${s.sent}  failed ${s.failed}  p50 ${s.p50.toFixed(0)} ms  p99 ${s.p99.toFixed(0)} ms`,
    );
  }, SAMPLE_MS);
  // Paced, not closed-loop: batch k leaves at t0 + k / rate whatever happened to earlier ones (bounded in flight).
  for (let k = 0; performance.now() < end; k++) {
    const due = t0 + (k / batchesPerSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inflight.size >= 2_000) {
      failed++;
      continue;
    }
    if (seq === 24) {
      session++;
      seq = 0;
    }
    const first = seq === 0;
    const body = gzipSync(
      JSON.stringify(sampleBatch(`soak-${session.toString().padStart(8, '0')}`, seq++, Date.now() - 1000)),
    );
    const started = performance.now();
    sent++;
    // A session's later batches wait for its first's answer, which carries the secret they must send.
    const answer = first ? post(url, agent, body) : sessionSecret.then((s) => post(url, agent, body, s));
    if (first) sessionSecret = answer.then((a) => a.secret);
    const p = answer.then(({ status }) => {
      if (status === 202) {
        acked++;
        latencies.push(performance.now() - started);
      } else failed++;
    });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }
  await Promise.all(inflight);
  clearInterval(sampler);
  await collector.stop();

  const minute = (from: number, to: number) => samples.filter((s) => s.at > from && s.at <= to);
  const first = minute(60, 120);
  const last = minute(MINUTES * 60 - 60, MINUTES * 60);
  const rssGrowth = median(last.map((s) => s.rssMb)) / median(first.map((s) => s.rssMb));
  const p99Ratio = median(last.map((s) => s.p99)) / median(first.map((s) => s.p99));
  const verdict = `memory ${rssGrowth <= 1.2 ? 'flat' : 'GREW'} (last minute / second minute: ${rssGrowth.toFixed(2)}), p99 ${p99Ratio <= 2 ? 'steady' : 'WORSENED'} (${p99Ratio.toFixed(2)})`;
  const lines = [
    '# Soak',
    '',
    `Written by \`npx -y pnpm@10.34.8 --filter @loupe/benchmarks soak --minutes ${MINUTES} --rate ${RATE}\` on ${new Date().toISOString()}.`,
    '',
    `Result: ${verdict}; ${acked} of ${sent} batches acknowledged, ${failed} failed.`,
    '',
    '| s | RSS MB | acked / sent | failed | p50 ms | p99 ms |',
    '|---|---|---|---|---|---|',
    ...samples.map(
      (s) =>
        `| ${s.at} | ${s.rssMb.toFixed(0)} | ${s.acked} / ${s.sent} | ${s.failed} | ${s.p50.toFixed(0)} | ${s.p99.toFixed(0)} |`,
    ),
  ];
  writeFileSync(join(BENCH_DIR, 'SOAK.md'), `${lines.join('\n')}\n`);
  console.log(verdict);
}

await main();
