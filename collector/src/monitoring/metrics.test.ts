import { sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorderClient } from '../testing/recorder-client.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

/** The value of one series of a scrape, by name and labels (each label as `name="value"`). */
function sample(text: string, name: string, ...labels: string[]): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels.every((l) => line.includes(l))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('/metrics after traffic', () => {
  it('has the series an operator graphs: latency by route pattern, batch sizes, inserts, queue and spool', async () => {
    const t0 = Date.now() - 10_000;
    const send = recorderClient(srv.url, srv.siteKey);
    for (let seq = 0; seq < 3; seq++) expect((await send(sampleBatch('metrics-sess', seq, t0 + seq))).status).toBe(202);
    const logs = JSON.stringify(Array.from({ length: 20 }, (_, i) => sampleCallLog(t0 + i, { bot: 'metrics-bot' })));
    const posted = await fetch(`${srv.url}/v1/call-logs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
      body: logs,
    });
    expect(posted.status).toBe(202);
    const auth = { headers: { Authorization: `Bearer ${srv.adminKey}` } };
    for (const id of ['metrics-sess', 'another-session-id', 'a-third'])
      await fetch(`${srv.url}/v1/sessions/${id}/events`, auth);

    const scrape = await fetch(`${srv.url}/metrics`);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = await scrape.text();

    // Request latency by the route's pattern: three session ids are one series, and no id is a label.
    const events = 'route="/v1/sessions/:id/events"';
    expect(sample(text, 'loupe_http_request_duration_seconds_count', events, 'status="200"')).toBe(3);
    expect(sample(text, 'loupe_http_request_duration_seconds_bucket', events, 'le="+Inf"')).toBe(3);
    expect(text).not.toContain('another-session-id');
    expect(sample(text, 'loupe_http_request_duration_seconds_count', 'route="/v1/ingest"', 'status="202"')).toBe(3);

    // Batch sizes: the call-log body's bytes, and rows per insert.
    expect(sample(text, 'loupe_http_request_body_bytes_sum', 'route="/v1/call-logs"')).toBe(Buffer.byteLength(logs));
    expect(sample(text, 'loupe_insert_rows_sum', 'table="call_logs"')).toBe(20);
    expect(sample(text, 'loupe_insert_rows_count', 'table="call_logs"')).toBe(1);
    // Insert latency, per table and outcome.
    expect(sample(text, 'loupe_flush_duration_seconds_count', 'table="call_logs"', 'outcome="ok"')).toBe(1);
    expect(sample(text, 'loupe_flush_duration_seconds_sum', 'table="call_logs"', 'outcome="ok"')).toBeGreaterThan(0);

    // Depths, read at scrape time: nothing waiting once every write was answered.
    expect(sample(text, 'loupe_writer_queue_rows')).toBe(0);
    expect(sample(text, 'loupe_spool_records')).toBe(0);
    expect(sample(text, 'loupe_spool_bytes')).toBe(0);
    expect(sample(text, 'loupe_spool_quarantined_records')).toBe(0);

    // The process's own metrics, named once.
    expect(sample(text, 'loupe_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'loupe_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(text).not.toMatch(/process_process_|nodejs_nodejs_/);
    // The embedded engine's own memory: part of this process's resident memory, told apart from the heap.
    const engine = sample(text, 'loupe_clickhouse_memory_bytes', 'part="total"');
    expect(engine).toBeGreaterThan(0);
    expect(engine).toBeLessThan(sample(text, 'loupe_process_resident_memory_bytes') ?? 0);
    expect(sample(text, 'loupe_clickhouse_memory_bytes', 'part="mark_cache"')).toBeGreaterThanOrEqual(0);
    // chDB's allocator: what it keeps resident is at least what it has handed out, and part of the process.
    const allocated = sample(text, 'loupe_clickhouse_memory_bytes', 'part="allocator_allocated"') ?? 0;
    const resident = sample(text, 'loupe_clickhouse_memory_bytes', 'part="allocator_resident"') ?? 0;
    expect(allocated).toBeGreaterThan(0);
    expect(resident).toBeGreaterThanOrEqual(allocated);
    expect(resident).toBeLessThan(sample(text, 'loupe_process_resident_memory_bytes') ?? 0);
  });

  it('answers a scrape within its bound while the engine does not answer, keeping the engine figures it last read', async () => {
    const before = sample(
      await (await fetch(`${srv.url}/metrics`)).text(),
      'loupe_clickhouse_memory_bytes',
      'part="total"',
    );
    expect(before).toBeGreaterThan(0);
    // chDB runs parameterized queries one at a time, process-wide: one that sleeps for 5 s holds
    // the gauge's own (parameterized) read of system.metrics behind it, as a stuck engine would.
    const stuck = srv.services.client.query({
      query: 'SELECT sleepEachRow(0.5) FROM numbers(10) WHERE number < {n:UInt8} SETTINGS max_block_size = 1',
      query_params: { n: 10 },
    });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const during = await (await fetch(`${srv.url}/metrics`)).text();
    // The bound is 2 s (ENGINE_MEMORY_TIMEOUT_MS); waiting for the stuck query would take 4.9.
    expect(Date.now() - t0).toBeLessThan(4_000);
    expect(sample(during, 'loupe_clickhouse_memory_bytes', 'part="total"')).toBe(before);
    await (await stuck).text();
  });

  it('counts spooled records while storage is down, with the spool depth in records and bytes', async () => {
    // What the spool holds shows up in the gauges, and drops back once drained.
    const spooled = { kind: 'rows' as const, table: 'call_logs', rows: [] };
    await srv.services.spool.append(spooled);
    const during = await (await fetch(`${srv.url}/metrics`)).text();
    expect(sample(during, 'loupe_spool_records')).toBe(1);
    expect(sample(during, 'loupe_spool_bytes')).toBeGreaterThan(0);
    await srv.services.durable.drain();
    expect(sample(await (await fetch(`${srv.url}/metrics`)).text(), 'loupe_spool_records')).toBe(0);
  });
});
