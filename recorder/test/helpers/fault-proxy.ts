import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * What the proxy does with one request: pass it on, answer with a status, cut the connection, or
 * pass it on after a wait (a slow collector: the request stays open all that time).
 */
export type Fault = 'pass' | 'drop' | number | { delayMs: number };

export interface Seen {
  sessionId: string;
  seq: number;
  /** What the proxy did. */
  fault: Fault;
  at: number;
}

export interface FaultProxy {
  url: string;
  /** Decides per batch; by default everything passes. */
  fault: (batch: { sessionId: string; seq: number }) => Fault;
  seen: Seen[];
  close(): Promise<void>;
}

const readAll = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

/** Reads a recorder body as the collector does: gzip by magic bytes, then JSON. */
function batchOf(body: Buffer): { sessionId: string; seq: number } {
  const plain = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
  try {
    const b = JSON.parse(plain.toString()) as { sessionId: string; seq: number };
    return { sessionId: b.sessionId, seq: b.seq };
  } catch {
    return { sessionId: '?', seq: -1 };
  }
}

/**
 * A tiny HTTP proxy in front of the test collector that injects failures: the collector itself
 * stays real. Injected answers carry the CORS headers a real collector or load balancer sends
 * (and expose Retry-After), so the page can read their status.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const proxy: FaultProxy = { url: '', fault: () => 'pass', seen: [], close: async () => {} };
  const server = createServer(async (req, res) => {
    const body = await readAll(req);
    const origin = req.headers.origin;
    const cors: Record<string, string> = origin
      ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Retry-After' }
      : {};
    if (req.method === 'POST') {
      const batch = batchOf(body);
      const fault = proxy.fault(batch);
      proxy.seen.push({ ...batch, fault, at: Date.now() });
      if (fault === 'drop') return void req.socket.destroy();
      if (typeof fault === 'object') await new Promise((r) => setTimeout(r, fault.delayMs));
      if (typeof fault === 'number') {
        res.writeHead(fault, { ...cors, 'Content-Type': 'application/json', 'Retry-After': '1' });
        return void res.end(JSON.stringify({ error: { code: 'INJECTED', message: `injected ${fault}` } }));
      }
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
    ) as Record<string, string>;
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === 'POST' ? body : undefined,
    });
    const out: Record<string, string> = { ...cors };
    upstream.headers.forEach((v, k) => {
      if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
    });
    res.writeHead(upstream.status, out);
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return proxy;
}
