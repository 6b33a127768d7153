// Child process (chDB binds one data folder per process): two collectors on one embedded
// ClickHouse, a customer's page with the real recorder in Chromium, and the agent's clicks sent
// over HTTP as the live view sends them. Measures, per click, the time from the agent's request
// to the change on the customer's page, with the agent on the page's collector and on the other.
import { createApp, createServices } from '@loupe/collector';
import { startTestServer, TEST_CONFIG } from '@loupe/collector/testing/test-server';
import { unpackReplayEvent } from '@loupe/schemas/packed-snapshot';
import { launchChromium } from '@loupe/testkit/chromium';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RECORDER_DIST } from '../util/paths.ts';
import { childIo } from '../util/child.ts';

export interface CobrowseInput {
  clicks: number;
}
export interface CobrowseOutput {
  same: number[];
  other: number[];
}

const { input, done } = childIo<CobrowseInput>();
const a = await startTestServer({}, undefined, { recorderDir: RECORDER_DIST });
const services = await createServices(
  a.services.client,
  { ...TEST_CONFIG, LOUPE_ARCHIVE_DIR: '', LOUPE_SPOOL_DIR: join(a.services.config.LOUPE_SPOOL_DIR, 'b') },
  a.services.logger,
);
// The agent's collector answers plain requests only (no stream), so a few lines serve it.
const bApp = createApp(services);
const b = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const answer = await bApp.fetch(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body }));
  res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
});
await new Promise<void>((r) => b.listen(0, '127.0.0.1', r));
const bUrl = `http://127.0.0.1:${(b.address() as AddressInfo).port}`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Desk</title>
<script src="${a.url}/recorder.js" data-key="${a.siteKey}" data-endpoint="${a.url}" data-flush-interval="200" defer></script></head>
<body><p id="n">0</p><button id="go">Go</button>
<script>document.getElementById('go').addEventListener('click', () => { const n = document.getElementById('n'); n.textContent = String(Number(n.textContent) + 1); window.changedAt = Date.now(); });</script>
</body></html>`;
const site = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE));
await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
const browser = await launchChromium();
const page = await (await browser.newContext()).newPage();
await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
const sessionId = await waitFor(() =>
  page.evaluate(
    () =>
      (window as unknown as { loupe?: { stats(): { domRecording: boolean }; sessionId(): string } }).loupe?.stats()
        .domRecording && (window as unknown as { loupe: { sessionId(): string } }).loupe.sessionId(),
  ),
);
const agent = (url: string, path: string, init: RequestInit = {}) =>
  fetch(`${url}/v1/sessions/${sessionId}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${a.adminKey}`, 'Content-Type': 'application/json' },
  });

async function waitFor<T>(probe: () => Promise<T>, ms = 30_000): Promise<NonNullable<T>> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const v = await probe();
    if (v) return v;
  }
  throw new Error('timed out');
}

// The button's id in the replay: from the stored full snapshot, as the live view has it.
const nodeId = await waitFor(async () => {
  const r = await agent(a.url, '/replay');
  const { items } = (await r.json()) as { items: { type: number }[] };
  const full = items.find((e) => e.type === 2);
  if (!full) return 0;
  const find = (n: { id: number; attributes?: Record<string, unknown>; childNodes?: unknown[] }): number =>
    n.attributes?.id === 'go' ? n.id : ((n.childNodes ?? []) as (typeof n)[]).reduce((f, c) => f || find(c), 0);
  return find((unpackReplayEvent(full as never) as { data: { node: never } }).data.node);
});

// Ask, and the customer allows (the page hears of the request with its next batch).
await agent(a.url, '/cobrowse', { method: 'POST' });
await waitFor(async () => {
  await page.mouse.move(50 + Math.random() * 100, 50 + Math.random() * 100);
  return page.locator('.loupe-cobrowse-prompt').isVisible();
});
await page.getByRole('button', { name: 'Allow' }).click();
await waitFor(async () => ((await (await agent(bUrl, '/cobrowse')).json()) as { state: string }).state === 'joined');

async function clickFrom(url: string): Promise<number> {
  const before = await page.textContent('#n');
  const sent = Date.now();
  const r = await agent(url, '/cobrowse/actions', { method: 'POST', body: JSON.stringify({ kind: 'click', nodeId }) });
  if (r.status !== 202) throw new Error(`action refused: ${r.status} ${await r.text()}`);
  await waitFor(async () => (await page.textContent('#n')) !== before, 10_000);
  return (await page.evaluate(() => (window as unknown as { changedAt: number }).changedAt)) - sent;
}

const same: number[] = [];
const other: number[] = [];
for (let i = 0; i < input.clicks; i++) {
  same.push(await clickFrom(a.url));
  other.push(await clickFrom(bUrl));
}
await browser.close();
site.close();
b.close();
await a.close();
done({ same, other } satisfies CobrowseOutput);
