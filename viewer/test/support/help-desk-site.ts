import type { TestServer } from '@loupe/collector/testing/test-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A customer's page for co-browsing tests, on its own origin with the real recorder: a button
 * that says who clicked it, a text field echoed on the page, a masked field, a password field, a
 * payment field and an element the site keeps from the agent.
 */
const page = (srv: TestServer) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Help desk</title>
<script src="${srv.url}/recorder.js" data-key="${srv.siteKey}" data-endpoint="${srv.url}" data-flush-interval="300" data-mask-all-inputs="false" defer></script></head>
<body style="font:16px system-ui;margin:2rem"><h1>Help desk</h1>
<p id="status">Not clicked yet</p>
<button id="go" name="go">Go</button> <button id="mine" name="mine">Mine</button>
<p><label>Note <input id="note" name="note" type="text"></label> <span id="echo"></span></p>
<p><label>Code <input id="code" name="code" class="loupe-mask"></label></p>
<p><label>Password <input id="pw" name="pw" type="password"></label></p>
<p><label>Card <input id="card" name="card" autocomplete="cc-number"></label></p>
<p data-loupe-no-agent><button id="delete" name="delete">Delete account</button></p>
<p id="deleted"></p>
<div style="height:3000px"></div>
<script src="/desk.js"></script>
</body></html>`;

const SCRIPT = `
document.getElementById('go').addEventListener('click', (e) => { document.getElementById('status').textContent = 'Clicked by ' + (e.isTrusted ? 'the customer' : 'the agent'); });
document.getElementById('mine').addEventListener('click', () => { document.getElementById('status').textContent = 'The customer clicked Mine'; });
document.getElementById('note').addEventListener('input', (e) => { document.getElementById('echo').textContent = 'Echo: ' + e.target.value; });
document.getElementById('delete').addEventListener('click', () => { document.getElementById('deleted').textContent = 'Account deleted'; });`;

export interface HelpDesk {
  url: string;
  close(): Promise<void>;
}

export async function startHelpDesk(srv: TestServer): Promise<HelpDesk> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/desk.js') return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(SCRIPT);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(srv));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/desk`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
