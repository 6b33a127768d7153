import type { TestServer } from '@loupe/collector/testing/test-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Site } from './record-session.ts';

/**
 * A page that logs and fetches when its buttons are pressed, embedding the real recorder with
 * one script tag: `/logs` turns network timings on (`data-capture-network`), `/quiet` leaves the
 * default (off). Its API answers 503, so the failed request is one a person would look for.
 */
const page = (srv: TestServer, network: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Console page</title>
<script src="${srv.url}/recorder.js" data-key="${srv.siteKey}" data-endpoint="${srv.url}" data-flush-interval="400"${network ? ' data-capture-network' : ''} defer></script>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem}</style></head>
<body><h1>Console page</h1><p id="status">Ready</p>
<button id="step" name="step">Step</button> <button id="fail" name="fail">Pay</button>
<script src="/console.js"></script></body></html>`;

const SCRIPT = `
document.getElementById('step').addEventListener('click', () => { console.info('step one done'); document.getElementById('status').textContent = 'Step one'; });
document.getElementById('fail').addEventListener('click', async () => {
  console.error('Checkout failed for ada@example.com', new Error('payment declined'));
  const r = await fetch('/api/cart?user=ada&token=s3cret', { method: 'POST', body: 'card=4111111111111111' });
  document.getElementById('status').textContent = 'Failed: ' + r.status;
  setTimeout(() => { throw new TypeError('total is undefined'); }, 0);
});`;

export async function startConsoleSite(srv: TestServer): Promise<Site> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (type: string, body: string, status = 200) =>
      res.writeHead(status, { 'Content-Type': type }).end(body);
    if (path === '/console.js') return send('text/javascript', SCRIPT);
    if (path === '/logs' || path === '/quiet') return send('text/html; charset=utf-8', page(srv, path === '/logs'));
    if (path === '/api/cart') return req.resume().on('end', () => send('application/json', '{"error":"busy"}', 503));
    send('text/plain', 'not found', 404);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
