import { recorderRig } from './helpers/rig.ts';
import { describe, expect, it } from 'vitest';
import { drained, pageErrors, sessionIdOf, waitFor, type LoupeWindow } from './helpers/browser.ts';
import { type StoredReplayEvent, upTo } from './helpers/collector.ts';

const rig = recorderRig({ flushIntervalMs: 300 });

const payloads = (replay: StoredReplayEvent[], plugin: string) =>
  replay.filter((e) => e.type === 6 && e.data.plugin === plugin).map((e) => e.data.payload as Record<string, unknown>);

describe('console and network capture', () => {
  it('records what a hostile page logs and fetches within the collector’s bounds, so every batch is stored', async () => {
    const page = await rig.browser.newPage();
    const errors = pageErrors(page);
    await page.goto(`${rig.pages.url}/pages/plain.html?data-capture-network=true`);
    const sessionId = await sessionIdOf(page);
    await waitFor('DOM recording', () =>
      page.evaluate(() => (window as unknown as LoupeWindow).loupe.stats().domRecording),
    );
    await page.evaluate(async () => {
      const cyclic: Record<string, unknown> = { name: 'cart' };
      cyclic.self = cyclic;
      console.log('many', ...Array.from({ length: 25 }, (_, i) => i));
      console.log(cyclic, 'x'.repeat(5_000), 'lone \uD800 surrogate');
      console.warn('card 4111 1111 1111 1111 for ada@example.com');
      // Each kind of request once: XHR with a query and a fragment, a Request object, a refused
      // connection, a method fetch refuses before sending, and a URL far past the collector's limit.
      await new Promise((r) => {
        const x = new XMLHttpRequest();
        x.open('get', '/pages/plain.html?secret=s3cret&page=2#frag');
        x.onloadend = r;
        x.send();
      });
      await fetch(new Request('/nowhere?id=7', { method: 'PUT', body: 'card=4111111111111111' }));
      await fetch('http://127.0.0.1:1/refused').catch(() => undefined);
      await fetch('/pages/plain.html', { method: 'GET X' }).catch(() => undefined);
      await fetch(`/pages/${'long/'.repeat(2_000)}`).catch(() => undefined);
    });
    await page.waitForTimeout(700);
    await drained(page);
    const replay = await rig.read.replay(sessionId);
    const seqs = await rig.read.seqs(sessionId);
    expect(seqs).toEqual(upTo(seqs.length));
    expect(replay.some((e) => e.type === 2)).toBe(true);

    const logged = payloads(replay, 'loupe/console@1');
    const many = logged.find((p) => (p.payload as string[])[0] === 'many')!;
    expect(many.payload).toHaveLength(11);
    expect((many.payload as string[]).at(-1)).toBe('…16 more');
    // A cycle is named by its kind; a long argument cut to the limit; a lone surrogate replaced.
    const [cycle, long, lone] = logged[1]!.payload as string[];
    expect(cycle).toBe('[object Object]');
    expect(long).toHaveLength(1_000);
    expect(lone).toBe('lone \uFFFD surrogate');
    expect(logged.find((p) => p.level === 'warn')!.payload).toEqual(['card **** **** **** **** for ***@*******.***']);

    const requests = payloads(replay, 'loupe/network@1');
    expect(requests.map((r) => [r.initiator, r.method, r.url, r.status])).toEqual([
      ['xhr', 'GET', `${rig.pages.url}/pages/plain.html?secret=&page=`, 200],
      ['fetch', 'PUT', `${rig.pages.url}/nowhere?id=`, 404],
      ['fetch', 'GET', 'http://127.0.0.1:1/refused', 0],
      ['fetch', 'GET', expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/pages\/(long\/)+/), 404],
    ]);
    expect((requests[3]!.url as string).length).toBe(8_192);
    for (const r of requests) expect(r.durationMs).toBeGreaterThanOrEqual(0);
    const raw = JSON.stringify(replay);
    for (const secret of ['s3cret', 'ada@example.com', '4111111111111111', '#frag', '/v1/ingest'])
      expect(raw, secret).not.toContain(secret);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('records no request and leaves fetch alone by default', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('DOM recording', () =>
      page.evaluate(() => (window as unknown as LoupeWindow).loupe.stats().domRecording),
    );
    const native = await page.evaluate(async () => {
      await fetch('/pages/plain.html?q=1');
      console.error('still logged');
      return /\[native code\]/.test(Function.prototype.toString.call(window.fetch));
    });
    expect(native).toBe(true);
    await page.waitForTimeout(700);
    await drained(page);
    const replay = await rig.read.replay(sessionId);
    expect(payloads(replay, 'loupe/network@1')).toEqual([]);
    expect(payloads(replay, 'loupe/console@1').map((p) => p.payload)).toContainEqual(['still logged']);
    await page.close();
  });
});
