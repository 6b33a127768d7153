import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import { JOIN_SEQ_BASE } from '@loupe/schemas/wire';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { drained, launchBrowser, sessionIdOf, waitFor } from './helpers/browser.ts';
import { collectorReader } from './helpers/collector.ts';
import { bundleEsmFixture } from './helpers/esm-fixture.ts';
import { startPageServer, type PageServer } from './helpers/page-server.ts';

let srv: TestServer;
let pages: PageServer;
let browser: Browser;
let outdir: string;

beforeAll(async () => {
  outdir = await bundleEsmFixture('cobrowse-app');
  [srv, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  pages = await startPageServer({});
  pages.mount('/cobrowse/', outdir);
});
afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await srv?.close();
  rmSync(outdir, { recursive: true, force: true });
});

/** Each person in a browser of their own (own storage), as a customer and an agent are. */
async function open(query: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const base = `endpoint=${encodeURIComponent(srv.url)}&key=${encodeURIComponent(srv.siteKey)}`;
  await page.goto(`${pages.url}/pages/cobrowse.html?${base}${query}`);
  return page;
}

it("records an agent's and a customer's pages into one session, each event flagged by who did it", async () => {
  const customer = await open('');
  const sessionId = await sessionIdOf(customer);
  await customer.click('[name=customer-button]');
  const code = await customer.evaluate(() => (window as unknown as { joinCode(): Promise<string> }).joinCode());
  expect(code.startsWith(`${sessionId}.`)).toBe(true);

  const agent = await open(`&join=${encodeURIComponent(code)}`);
  expect(await sessionIdOf(agent)).toBe(sessionId);
  await agent.click('[name=agent-button]');
  await customer.click('[name=customer-button]');
  await Promise.all([drained(agent), drained(customer)]);

  const read = collectorReader(srv);
  // The clicks' rows are readable a moment before their batches' receipts are written (receipts go
  // last, recorder-sink.ts), and the last click may not have been in a batch when the outboxes
  // drained: so wait for both, not for the clicks alone.
  const [clicks, seqs] = await waitFor('both people’s clicks and their batches’ receipts', async () => {
    const c = (await read.events(sessionId)).filter((e) => e.type === 'CLICK');
    const s = await read.seqs(sessionId);
    return c.length >= 3 && s.some((q) => q >= JOIN_SEQ_BASE) ? ([c, s] as const) : null;
  });
  const who = clicks.map((e) => [(e.data as { target: string }).target, e.isAgent]);
  expect(who).toEqual([
    ['customer-button', false],
    ['agent-button', true],
    ['customer-button', false],
  ]);
  // Every agent batch in its own seqs; the customer's page is still the only DOM in the replay.
  expect(seqs.filter((s) => s < JOIN_SEQ_BASE)[0]).toBe(0);
  const replay = await read.replay(sessionId);
  expect(replay.filter((e) => e.type === 4).every((e) => !String(e.data.href).includes('join='))).toBe(true);
});

it('lets no one join with the session id alone', async () => {
  const customer = await open('');
  const sessionId = await sessionIdOf(customer);
  await drained(customer);
  // An attacker who learnt the id makes up the rest of a code: its batches are refused.
  const attacker = await open(`&join=${encodeURIComponent(`${sessionId}.made-up-token-0000000000000000000000000000`)}`);
  const refused = attacker.waitForResponse((r) => r.url().includes('/v1/ingest') && r.request().method() === 'POST');
  await attacker.click('[name=agent-button]');
  expect((await refused).status()).toBe(403);
  const res = await fetch(`${srv.url}/v1/ingest/join?key=${encodeURIComponent(srv.siteKey)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sessionId }),
  });
  expect(res.status).toBe(403);
  await customer.click('[name=customer-button]');
  const clicks = await waitFor('the customer’s click', async () => {
    const c = (await collectorReader(srv).events(sessionId)).filter((e) => e.type === 'CLICK');
    return c.length ? c : null;
  });
  await new Promise((r) => setTimeout(r, 500));
  expect(clicks.map((e) => e.isAgent)).toEqual([false]);
  const again = (await collectorReader(srv).events(sessionId)).filter((e) => e.type === 'CLICK');
  expect(again.map((e) => (e.data as { target: string }).target)).toEqual(['customer-button']);
});
