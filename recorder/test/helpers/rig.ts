import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureBundle } from './bundle.ts';
import { launchBrowser } from './browser.ts';
import { collectorReader } from './collector.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { startPageServer, type PageServer } from './page-server.ts';

/** What a recording test works with: a collector, Chromium, the page server with the built recorder, a reader of what was stored. */
export interface RecorderRig {
  srv: TestServer;
  browser: Browser;
  pages: PageServer;
  read: ReturnType<typeof collectorReader>;
  /** Between the recorder and the collector, when asked for: faults decided per request. */
  proxy: FaultProxy;
}

/**
 * Starts the rig before a test file's tests and stops it after them. Its parts are there from
 * the first test on (read them as `rig.srv`, ...). The pages send to the collector, or through
 * the fault proxy with `proxy: true`, every `flushIntervalMs`.
 */
export function recorderRig(o: { flushIntervalMs: number; proxy?: boolean }): RecorderRig {
  const rig = {} as RecorderRig;
  beforeAll(async () => {
    await ensureBundle();
    [rig.srv, rig.browser] = await Promise.all([startTestServer(), launchBrowser()]);
    if (o.proxy) rig.proxy = await startFaultProxy(rig.srv.url);
    rig.pages = await startPageServer({
      'data-key': rig.srv.siteKey,
      'data-endpoint': o.proxy ? rig.proxy.url : rig.srv.url,
      'data-flush-interval': String(o.flushIntervalMs),
    });
    rig.read = collectorReader(rig.srv);
  });
  afterAll(async () => {
    await rig.browser?.close();
    await rig.pages?.close();
    await rig.proxy?.close();
    await rig.srv?.close();
  });
  return rig;
}
