import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

/** Sends one request on `socket` and resolves with the status line of its answer, or why none came. */
function ask(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    if (socket.readyState !== 'open') return resolve('closed before the request');
    let got = '';
    const done = (why: string) => {
      socket.off('data', onData);
      resolve(why);
    };
    const onData = (d: Buffer) => {
      got += d.toString();
      if (got.includes('\r\n\r\n')) done(got.split('\r\n')[0]!);
    };
    socket.on('data', onData);
    socket.once('close', () => done('closed without an answer'));
    socket.once('error', (e) => done(`error: ${e.message}`));
    socket.write(`GET /livez HTTP/1.1\r\nHost: ${new URL(srv.url).host}\r\n\r\n`);
  });
}

describe('keep-alive', () => {
  it('answers a batch sent on the same connection after the recorder’s 5-second interval', async () => {
    const { hostname, port } = new URL(srv.url);
    const socket = connect(Number(port), hostname);
    await new Promise((r) => socket.once('connect', r));
    expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
    // Node's default keep-alive timeout (5 s) closes the connection here, before the next batch.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
    socket.destroy();
  }, 20_000);
});
