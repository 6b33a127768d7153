// Bare @rrweb/record as a site would wire it up: events buffered and posted as plain JSON every 5 s.
import { record } from '@rrweb/record';
import { exposeBench } from './bench-global.ts';

const FLUSH_MS = 5_000;
let buffer: unknown[] = [];

function send(): void {
  if (buffer.length === 0) return;
  const body = JSON.stringify(buffer);
  buffer = [];
  // keepalive only fits 64 KB; larger bodies go as ordinary requests.
  void fetch('/rrweb/events', {
    method: 'POST',
    body,
    keepalive: body.length < 60_000,
    headers: { 'Content-Type': 'application/json' },
  }).catch(() => undefined);
}

record({ emit: (e) => void buffer.push(e) });
setInterval(send, FLUSH_MS);
addEventListener('pagehide', send);
exposeBench({ ready: () => true });
