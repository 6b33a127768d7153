import { recorderRig } from './helpers/rig.ts';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { drained, pageErrors, sessionIdOf, waitFor, type LoupeWindow } from './helpers/browser.ts';
import type { StoredEvent } from './helpers/collector.ts';
import { firstDifference, liveShape, replayedShape } from './helpers/replay-dom.ts';

const rig = recorderRig({ flushIntervalMs: 300 });

const loupe = (page: Page) => ({
  stop: () => page.evaluate(() => (window as unknown as LoupeWindow).loupe.stop()),
  stats: () => page.evaluate(() => (window as unknown as LoupeWindow).loupe.stats()),
});

const PASSWORD = 'hunter2-Secret!';
const EMAIL = 'ada@example.com';

describe('a visit recorded by the embedded script', () => {
  let events: StoredEvent[];
  let raw: string;
  let errors: Error[];

  beforeAll(async () => {
    const page = await rig.browser.newPage();
    errors = pageErrors(page);
    await page.goto(`${rig.pages.url}/pages/visit.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('DOM recording', async () => (await loupe(page).stats()).domRecording);
    await page.click('#buy-button span');
    await page.fill('[name=email]', EMAIL);
    await page.fill('[name=password]', PASSWORD);
    await page.fill('[name=nickname]', 'Countess');
    await page.fill('[name=coupon]', 'SPRING-SALE');
    await page.selectOption('[name=plan]', 'pro');
    await page.check('[name=terms]');
    await page.click('#notes');
    await page.keyboard.type('PRIVATE-NOTE');
    await page.click('button[type=submit]');
    await page.evaluate(() => document.getElementById('log')!.scrollTo(0, 200));
    await page.mouse.wheel(0, 900);
    for (const id of ['intro', 'balance']) {
      await page.evaluate((id) => {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById(id)!);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
      }, id);
      await page.waitForTimeout(800);
    }
    await page.click('text=Continue');
    await page.evaluate(() => (window as unknown as LoupeWindow).loupe.track('plan-chosen', 'pro'));
    await page.evaluate(() => (window as unknown as LoupeWindow).loupe.track('cart-value', 42.5));
    await page.waitForTimeout(300);
    await loupe(page).stop();
    await drained(page);
    events = await waitFor('the events in the collector', async () => {
      const e = await rig.read.events(sessionId);
      return e.some((x) => x.type === 'CUSTOM_EVENT' && x.data.eventType === 'cart-value') ? e : undefined;
    });
    raw = await rig.read.raw(sessionId);
    await page.close();
  });

  const ofType = (type: string) => events.filter((e) => e.type === type);

  it('starts with the page it landed on', () => {
    expect(events[0]).toMatchObject({
      type: 'PAGECHANGE',
      data: { url: `${rig.pages.url}/pages/visit.html`, title: 'Checkout' },
    });
  });

  it('records a click on the control around the span, with its label and position', () => {
    const click = ofType('CLICK').find((e) => e.data.target === 'buy');
    expect(click?.data).toMatchObject({ target: 'buy', text: 'Buy now' });
    expect(click?.data.x).toBeTypeOf('number');
    expect(click?.data.y).toBeTypeOf('number');
  });

  it('records inputs masked by default, the allowed field as typed, and no password', () => {
    const inputs = Object.fromEntries(ofType('INPUT').map((e) => [e.data.target, e.data.value]));
    expect(inputs.email).toBe('*'.repeat(EMAIL.length));
    expect(inputs.nickname).toBe('Countess');
    expect(inputs.password).toBe('********');
    expect(inputs.plan).toBe('***');
    expect(inputs.terms).toBe('true');
    expect(inputs).not.toHaveProperty('coupon');
  });

  it('keeps passwords, masked inputs and text, hidden fields, rich-text edits and blocked content out of everything it stored', () => {
    for (const secret of [PASSWORD, EMAIL, 'SPRING-SALE', '4711', 'BLOCKED-CONTENT', 'CSRF-TOKEN', 'PRIVATE-NOTE'])
      expect(raw).not.toContain(secret);
    expect(raw).toContain('Countess');
  });

  it('records the form submission after its fields', () => {
    const form = ofType('FORM');
    expect(form.map((e) => e.data)).toEqual([{ target: 'signup-form' }]);
    const lastInput = ofType('INPUT').at(-1)!;
    expect(events.indexOf(form[0]!)).toBeGreaterThan(events.indexOf(lastInput));
  });

  it('records scrolling of an element and of the page', () => {
    expect(ofType('SCROLL').map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { target: '#log', x: 0, y: 200 },
        { x: 0, y: 900 },
      ]),
    );
  });

  it('records selections, masked where the text is', () => {
    expect(ofType('SELECTION').map((e) => e.data)).toEqual([
      { text: 'Fast delivery to your door within two days.', target: '#intro' },
      { text: '******* ******* **** ***', target: '#balance' },
    ]);
  });

  it('records a pushState navigation with the new title', () => {
    expect(ofType('PAGECHANGE').at(-1)).toMatchObject({
      data: { url: `${rig.pages.url}/pages/visit.html?step=2`, title: 'Checkout, step 2' },
    });
  });

  it('records loupe.track as custom events', () => {
    expect(ofType('CUSTOM_EVENT').map((e) => e.data)).toEqual([
      { eventType: 'plan-chosen', value: 'pro' },
      { eventType: 'cart-value', value: 42.5 },
    ]);
  });

  it('throws nothing into the page', () => {
    expect(errors).toEqual([]);
  });
});

describe('the replay', () => {
  it('holds a full snapshot, incremental events, and a new full snapshot every checkout interval', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/visit.html?data-checkout-every=1000`);
    const sessionId = await sessionIdOf(page);
    await waitFor('DOM recording', async () => (await loupe(page).stats()).domRecording);
    for (let i = 0; i < 25; i++) {
      await page.mouse.move(20 + i * 10, 100 + i * 5);
      await page.waitForTimeout(100);
    }
    await page.fill('[name=email]', EMAIL);
    await page.keyboard.press('Tab'); // rrweb samples inputs as their last value, on change
    await loupe(page).stop();
    await drained(page);
    const replay = await rig.read.replay(sessionId);
    const types = replay.map((e) => e.type);
    expect(types[0]).toBe(4); // Meta, then the snapshot
    expect(types.filter((t) => t === 2).length).toBeGreaterThanOrEqual(2);
    const sources = new Set(replay.filter((e) => e.type === 3).map((e) => e.data.source));
    expect(sources).toContain(1); // mouse moves
    expect(sources).toContain(5); // input, masked like the INPUT event
    const inputs = replay.filter((e) => e.type === 3 && e.data.source === 5).map((e) => e.data.text);
    expect(inputs).toContain('*'.repeat(EMAIL.length));
    await page.close();
  });

  it('sends the full snapshot of a page too large for one plain request, gzipped, and the replay has it whole', async () => {
    const page = await rig.browser.newPage();
    // ~5M characters of text: over the collector's 1 MiB test body limit many times over.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ';
        for (let i = 0; i < 2000; i++)
          document.body.appendChild(document.createElement('p')).textContent = `${i} ${words.repeat(32)}`;
      });
    });
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('DOM recording', async () => (await loupe(page).stats()).domRecording);
    const live = await liveShape(page);
    await page.waitForTimeout(3_000); // the walk, in slices
    await loupe(page).stop();
    await drained(page);
    const replay = await rig.read.replay(sessionId);
    expect(replay.filter((e) => e.type === 2)).toHaveLength(1);
    expect(JSON.stringify(replay.find((e) => e.type === 2)).length).toBeGreaterThan(4_000_000);
    expect(firstDifference(await replayedShape(rig.browser, replay), live)).toBeUndefined();
    await page.close();
  });

  it('pauses while the user is idle and resumes with a fresh snapshot', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html?data-idle-pause=1000`);
    const sessionId = await sessionIdOf(page);
    await waitFor('DOM recording', async () => (await loupe(page).stats()).domRecording);
    await waitFor('the idle pause', async () => !(await loupe(page).stats()).domRecording);
    await page.mouse.move(50, 50);
    await page.mouse.move(60, 60);
    await waitFor('recording to resume', async () => (await loupe(page).stats()).domRecording);
    await loupe(page).stop();
    await drained(page);
    const replay = await rig.read.replay(sessionId);
    expect(replay.filter((e) => e.type === 2)).toHaveLength(2);
    expect(replay.find((e) => e.type === 5)?.data).toEqual({ tag: 'loupe', payload: { paused: 'idle' } });
    await page.close();
  });

  it('stops recording the DOM during a mutation storm and says so in the event log', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/visit.html?data-mutation-limit=2000`);
    const sessionId = await sessionIdOf(page);
    await waitFor('DOM recording', async () => (await loupe(page).stats()).domRecording);
    await page.evaluate(() => (window as unknown as { startStorm(): number }).startStorm());
    await waitFor('recording to pause', async () => !(await loupe(page).stats()).domRecording);
    await drained(page);
    const before = (await rig.read.replay(sessionId)).length;
    await page.waitForTimeout(1_000); // the storm goes on; the replay must not grow
    await drained(page);
    expect((await rig.read.replay(sessionId)).length).toBe(before);
    const storm = (await rig.read.events(sessionId)).find(
      (e) => e.type === 'CUSTOM_EVENT' && e.data.eventType === 'loupe:mutation-storm',
    );
    expect(storm?.data.value).toBeGreaterThan(2000);
    await page.close();
  });
});

describe('the loader', () => {
  it('loads rrweb only after the page has loaded, from next to itself', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    await waitFor('DOM recording', async () => (await loupe(page).stats()).domRecording);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType('resource').map((r) => ({ name: r.name, start: r.startTime }));
      return { loadEnd: nav.loadEventEnd, resources };
    });
    const loader = timing.resources.find((r) => r.name.includes('/recorder.js'))!;
    const chunk = timing.resources.find((r) => r.name.includes('/recorder-rrweb.js'))!;
    expect(chunk.name).toMatch(new RegExp(`^${rig.pages.url}/recorder-rrweb\\.js\\?v=\\d+\\.\\d+\\.\\d+`));
    expect(loader.start).toBeLessThan(timing.loadEnd);
    expect(chunk.start).toBeGreaterThanOrEqual(timing.loadEnd);
    await page.close();
  });

  it('marks batches of the agent side, and names the user given by identify()', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html?data-agent=true`);
    const sessionId = await sessionIdOf(page);
    await page.evaluate(() => (window as unknown as LoupeWindow).loupe.identify({ id: 'agent-7', name: 'Grace' }));
    await page.click('#go');
    await loupe(page).stop();
    await drained(page);
    const events = await rig.read.events(sessionId);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.isAgent)).toBe(true);
    const res = await fetch(`${rig.srv.url}/v1/sessions?userId=agent-7`, {
      headers: { Authorization: `Bearer ${rig.srv.adminKey}` },
    });
    const { items } = (await res.json()) as { items: { sessionId: string }[] };
    expect(items.map((s) => s.sessionId)).toContain(sessionId);
    await page.close();
  });

  it('replays calls the page queued before the script arrived', async () => {
    const page = await rig.browser.newPage();
    await page.addInitScript(() =>
      Object.assign(window, {
        loupe: {
          q: [
            ['track', ['early-bird', 1]],
            ['identify', ['cust-17']],
          ],
        },
      }),
    );
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    await loupe(page).stop();
    await drained(page);
    expect((await rig.read.events(sessionId)).find((e) => e.type === 'CUSTOM_EVENT')?.data).toEqual({
      eventType: 'early-bird',
      value: 1,
    });
    const res = await fetch(`${rig.srv.url}/v1/sessions?userId=cust-17`, {
      headers: { Authorization: `Bearer ${rig.srv.adminKey}` },
    });
    expect(((await res.json()) as { items: { sessionId: string }[] }).items.map((s) => s.sessionId)).toContain(
      sessionId,
    );
    await page.close();
  });

  it('shrugs off bad calls: nothing thrown, the problem reported once as loupe:error', async () => {
    const page = await rig.browser.newPage();
    const errors = pageErrors(page);
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    const thrown = await page.evaluate(() => {
      const l = (window as unknown as LoupeWindow).loupe as unknown as Record<string, (...a: unknown[]) => void>;
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const calls = [
        () => l.track!(),
        () => l.track!(''),
        () => l.track!(42),
        () => l.track!('cyclic', cyclic),
        () => l.identify!(null),
        () => l.identify!({ id: '' }),
      ];
      return calls.filter((call) => {
        try {
          call();
          return false;
        } catch {
          return true;
        }
      }).length;
    });
    expect(thrown).toBe(0);
    await loupe(page).stop();
    await drained(page);
    const events = await rig.read.events(sessionId);
    const problems = events
      .filter((e) => e.type === 'CUSTOM_EVENT' && e.data.eventType === 'loupe:error')
      .map((e) => e.data.value);
    expect(problems).toEqual([
      expect.stringContaining('track(type, value)'),
      expect.stringContaining('identify(user)'),
    ]);
    expect(events.find((e) => e.data.eventType === 'cyclic')?.data.value).toBe('[object Object]');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('stop()', () => {
  it('removes every listener it added, restores every patch, and sends nothing after', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/visit.html?noscript`);
    const cdp = await page.context().newCDPSession(page);
    const listeners = async () => {
      const found: string[] = [];
      for (const expression of ['window', 'document']) {
        const { result } = await cdp.send('Runtime.evaluate', { expression });
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
          objectId: result.objectId!,
          depth: -1,
          pierce: true,
        });
        found.push(...listeners.map((l) => `${expression} ${l.type} ${l.useCapture} ${l.backendNodeId ?? ''}`));
      }
      return found.sort();
    };
    // What rrweb and the recorder patch: all must be the browser's own functions again after stop.
    const allNative = () =>
      page.evaluate(() =>
        [
          history.pushState,
          history.replaceState,
          CSSStyleSheet.prototype.insertRule,
          CSSStyleDeclaration.prototype.setProperty,
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!,
          // The console and network capture's (network timings are turned on below).
          console.error,
          console.log,
          window.fetch,
          XMLHttpRequest.prototype.open,
          XMLHttpRequest.prototype.send,
        ].every((f) => /\[native code\]/.test(Function.prototype.toString.call(f))),
      );
    const baseline = await listeners();
    expect(await allNative()).toBe(true);

    await page.evaluate(
      ({ key, endpoint }) => {
        const s = document.createElement('script');
        Object.assign(s.dataset, { key, endpoint, flushInterval: '300', captureNetwork: '' });
        s.src = '/recorder.js';
        document.body.appendChild(s);
      },
      { key: rig.srv.siteKey, endpoint: rig.srv.url },
    );
    await waitFor('DOM recording', async () => (await loupe(page).stats()).domRecording);
    expect((await listeners()).length).toBeGreaterThan(baseline.length);
    expect(await allNative()).toBe(false);
    await page.click('#menu');
    await page.fill('[name=nickname]', 'before');

    await loupe(page).stop();
    await drained(page);
    expect(await listeners()).toEqual(baseline);
    expect(await allNative()).toBe(true);

    const sent: string[] = [];
    page.on('request', (r) => void (r.url().includes('/v1/ingest') && sent.push(r.url())));
    await page.click('#menu');
    await page.fill('[name=nickname]', 'after');
    await page.mouse.wheel(0, 400);
    await page.evaluate(() => history.pushState({}, '', '?after-stop'));
    await page.waitForTimeout(1_200);
    expect(sent).toEqual([]);
    await page.close();
  });
});
