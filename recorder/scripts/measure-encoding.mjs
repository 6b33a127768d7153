// Measures what the recorder costs on the wire per minute of a recorded session, as JSON and as
// msgpack, with and without gzip, and what each choice adds to the page's code.
//
//   npx tsx scripts/measure-encoding.mjs         (a 60 s session; SECONDS=120 for longer; tsx, as
//                                                 it imports @loupe/testkit's Chromium launcher, in TypeScript)
//
// It builds the bundles, drives Debian's Chromium through a scripted visit of
// test/fixtures/shop.html (pointer moves, scrolling, clicks that change the page, typing into a
// filter, a ticking clock and a rotating banner), captures every batch the page sends and encodes
// each batch both ways. No collector is needed: the ingest requests are answered in the browser.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { pack, Packr } from 'msgpackr';
import { unpackReplayEvent } from '@loupe/schemas/packed-snapshot';
import { launchChromium } from '@loupe/testkit/chromium';
import { rollup } from 'rollup';
import { ROOT, inputOptions } from './bundles.mjs';

const SECONDS = Number(process.env.SECONDS ?? 60);
const gz = (buf) => gzipSync(buf, { level: 6 }).length; // CompressionStream('gzip') uses zlib's default level
const gz9 = (buf) => gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });

/** The loader's minified size with and without msgpackr's encoder bundled in. */
async function codeWeight() {
  const build = async (extra) => {
    const entry = `import ${JSON.stringify(join(ROOT, 'src/embed.ts'))};${extra}`;
    const opts = inputOptions('src/embed.ts');
    const virtual = {
      name: 'virtual-entry',
      resolveId: (id) => (id === '\0entry' ? id : null),
      load: (id) => (id === '\0entry' ? entry : null),
    };
    const bundle = await rollup({ ...opts, input: '\0entry', plugins: [virtual, ...opts.plugins], onwarn: () => {} });
    const { output } = await bundle.generate({ format: 'iife' });
    await bundle.close();
    return Buffer.from(output[0].code);
  };
  const json = await build('');
  const msgpack = await build(`import { pack } from 'msgpackr/pack'; globalThis.__loupePack = pack;`);
  return { json: { raw: json.length, gz: gz9(json) }, msgpack: { raw: msgpack.length, gz: gz9(msgpack) } };
}

function serve() {
  const page = readFileSync(join(ROOT, 'test/fixtures/shop.html'), 'utf8').replace(
    '<!--RECORDER-->',
    process.env.NO_RECORDER
      ? ''
      : '<script src="/recorder.js" data-key="measure" data-endpoint="http://collector.invalid" defer></script>',
  );
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/recorder.js' || path === '/recorder-rrweb.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(readFileSync(join(ROOT, 'dist', path)));
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

async function recordSession() {
  const server = await serve();
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const bodies = [];
  await page.route('http://collector.invalid/**', async (route) => {
    bodies.push(route.request().postDataBuffer());
    await route.fulfill({ status: 202, headers: { 'Access-Control-Allow-Origin': '*' }, body: '{}' });
  });
  await page.addInitScript(() => {
    // Times rrweb's start, which takes the first full snapshot synchronously (and our emit
    // serialises it), by wrapping the function the lazy chunk registers.
    window.__snapshotMs = [];
    let registered;
    Object.defineProperty(window, '__loupe_dom_v3', {
      configurable: true,
      get: () => registered,
      set(m) {
        registered = {
          ...m,
          recordDom(...args) {
            const t = performance.now();
            try {
              return m.recordDom(...args);
            } finally {
              window.__snapshotMs.push(Math.round((performance.now() - t) * 10) / 10);
            }
          },
        };
      },
    });
    window.__longTasks = [];
    new PerformanceObserver((l) =>
      window.__longTasks.push(
        ...l.getEntries().map((e) => ({ start: Math.round(e.startTime), ms: Math.round(e.duration) })),
      ),
    ).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const started = Date.now();
  let x = 400;
  let y = 300;
  for (let tick = 0; Date.now() - started < SECONDS * 1000; tick++) {
    x = Math.max(5, Math.min(1270, x + (Math.random() - 0.5) * 120));
    y = Math.max(5, Math.min(790, y + (Math.random() - 0.5) * 90));
    await page.mouse.move(x, y, { steps: 4 });
    if (tick % 40 === 20) await page.mouse.wheel(0, tick % 80 === 20 ? 700 : -500);
    if (tick % 60 === 30)
      await page
        .locator('.card:not(.hidden) .add')
        .nth(tick % 7)
        .click({ force: true, timeout: 1_000 })
        .catch(() => {});
    if (tick % 200 === 100) await page.fill('#search', ['coat', 'sh', ''][tick % 3]);
    await page.waitForTimeout(50);
  }
  await page.evaluate(() => window.loupe?.stop());
  await page.waitForTimeout(1000);
  const longTasks = await page.evaluate(() => {
    const at = (name) =>
      Math.round(performance.getEntriesByType('resource').find((r) => r.name.includes(name))?.responseEnd ?? -1);
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      snapshotMs: window.__snapshotMs,
      nodes: document.getElementsByTagName('*').length,
      tasks: window.__longTasks,
      loaderAt: at('/recorder.js'),
      rrwebAt: at('/recorder-rrweb.js'),
      loadEnd: Math.round(nav.loadEventEnd),
    };
  });
  const minutes = (Date.now() - started) / 60_000;
  await browser.close();
  server.close();
  return { bodies, minutes, longTasks };
}

const [weight, session] = await Promise.all([codeWeight(), recordSession()]);
const batches = session.bodies.map((b) => JSON.parse((b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString()));
const records = new Packr({ useRecords: true });
const sum = (f) => batches.reduce((n, b) => n + f(b), 0);
const perMin = (n) => n / session.minutes;
// The recorder packs its full snapshots (@loupe/schemas/packed-snapshot); rrweb's own form for comparison.
const unpacked = batches.map((b) => ({ ...b, replay: b.replay.map(unpackReplayEvent) }));
const sumOf = (bs, f) => bs.reduce((n, b) => n + f(b), 0);
/**
 * Bytes of every batch so encoded, and the time the encoding took here (Node, one core; the
 * fastest of 5 runs, so JIT warm-up does not count: compare the rows, do not quote them).
 */
const timed = (bs, f) => {
  let ms = Infinity;
  let n = 0;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    n = sumOf(bs, f);
    ms = Math.min(ms, performance.now() - t0);
  }
  return { n, ms };
};
const rows = {
  'JSON, snapshots as rrweb writes them': timed(unpacked, (b) => Buffer.byteLength(JSON.stringify(b))),
  'JSON + gzip, snapshots as rrweb writes them': timed(unpacked, (b) => gz(Buffer.from(JSON.stringify(b)))),
  'JSON, snapshots packed (what the recorder makes)': timed(batches, (b) => Buffer.byteLength(JSON.stringify(b))),
  'JSON + gzip, snapshots packed (what the recorder sends)': timed(batches, (b) => gz(Buffer.from(JSON.stringify(b)))),
  msgpack: timed(batches, (b) => pack(b).length),
  'msgpack + gzip': timed(batches, (b) => gz(pack(b))),
  'msgpack records': timed(batches, (b) => records.pack(b).length),
  'msgpack records + gzip': timed(batches, (b) => gz(records.pack(b))),
};
const sent = session.bodies.reduce((n, b) => n + b.length, 0);
console.log(
  `\n${batches.length} batches, ${sum((b) => b.events.length)} co-browse events, ${sum((b) => b.replay.length)} rrweb events over ${session.minutes.toFixed(2)} min`,
);
console.log('\n| encoding | bytes per minute | encoding time here |\n|---|---|---|');
for (const [k, v] of Object.entries(rows)) console.log(`| ${k} | ${kb(perMin(v.n))} | ${v.ms.toFixed(1)} ms |`);
console.log(`\nActually sent by the recorder (gzip JSON from CompressionStream): ${kb(perMin(sent))} per minute`);
console.log('\n| loader built with | minified | gzip -9 |\n|---|---|---|');
console.log(`| JSON (JSON.stringify, native) | ${weight.json.raw} B | ${weight.json.gz} B |`);
console.log(
  `| msgpackr/pack | ${weight.msgpack.raw} B | ${weight.msgpack.gz} B (+${weight.msgpack.gz - weight.json.gz} B) |`,
);
const { tasks, loaderAt, rrwebAt, loadEnd, snapshotMs, nodes } = session.longTasks;
console.log(`\nrrweb's start with the first full snapshot of ${nodes} elements took ${snapshotMs.join(', ')} ms`);
console.log(
  `\nMain thread: recorder.js arrived at ${loaderAt} ms, the page's load event ended at ${loadEnd} ms, recorder-rrweb.js arrived at ${rrwebAt} ms`,
);
console.log(
  `Long tasks (> 50 ms): ${tasks.length ? tasks.map((t) => `${t.ms} ms at ${t.start} ms`).join(', ') : 'none'}`,
);
