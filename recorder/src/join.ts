import { JOIN_SEQ_BASE } from '@loupe/schemas/wire';
import type { RecorderOptions } from './options.ts';
import type { Recording } from './recording.ts';
import { createSessionStore } from './session/session-store.ts';
import { start } from './start.ts';
import { shortHash } from './util/random-id.ts';
import { readItem, webStorage, writeItem } from './util/web-storage.ts';

// Co-browsing (seed 002): an agent's recorder joins the session of the customer it helps, so both
// people's actions are one session, each event flagged by who did it. The customer's page asks
// the collector for a join code with its session's secret (which only that page holds) and hands
// the code to the agent's page; a session id alone lets nobody in. Kept out of the loader (which
// has no bytes to spare): the ESM entry exports it, for the support console's own bundle.

/** The storage namespace the recorder uses for this collector and key (recorder.ts). */
function storagePrefix(o: Pick<RecorderOptions, 'endpoint' | 'key'>): string {
  const url = new URL(`v1/ingest?key=${encodeURIComponent(o.key)}`, o.endpoint.replace(/\/*$/, '/')).href;
  return `loupe:${shortHash(url)}:`;
}

/** Batches of one joined agent per lane: 65,536 of them (over 90 hours at one per 5 s). */
const LANE = 0x10000;
/** Lanes keep two agents in one session apart (one in 32,768 that two pick the same). */
const LANES = 0x8000;

/**
 * The customer's side: a code the agent's page joins this page's session with. Waits (up to
 * `timeoutMs`) for the session's first batch to be acknowledged, which gives its secret.
 */
export async function joinCode(
  options: Pick<RecorderOptions, 'endpoint' | 'key'>,
  recording: Pick<Recording, 'sessionId'>,
  timeoutMs = 15_000,
): Promise<string> {
  const prefix = storagePrefix(options);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sessionId = recording.sessionId();
    // The recorder keeps the secret as its query string, "&ss=<secret>" (delivery.ts).
    const secret = sessionId ? readItem(webStorage('localStorage'), prefix + sessionId)?.replace(/^&ss=/, '') : '';
    if (sessionId && secret) {
      const res = await fetch(
        new URL(`v1/ingest/join?key=${encodeURIComponent(options.key)}`, `${options.endpoint.replace(/\/*$/, '/')}`),
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Loupe-Session-Secret': secret },
          body: JSON.stringify({ sessionId }),
        },
      );
      if (!res.ok) throw new Error(`loupe: the collector refused the join (${res.status})`);
      const { joinToken } = (await res.json()) as { joinToken: string };
      return `${sessionId}.${joinToken}`;
    }
    if (Date.now() > deadline) throw new Error('loupe: no session to join yet (nothing acknowledged)');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The agent's side: records into the customer's session the code names, as the agent (isAgent),
 * its actions only (no DOM: the agent's page must not replace the customer's in the replay), in
 * seqs of its own from JOIN_SEQ_BASE. A reload of the agent's page continues where it was.
 */
export function joinSession(options: RecorderOptions, code: string): Recording {
  const dot = code.indexOf('.');
  const sessionId = code.slice(0, dot);
  const token = code.slice(dot + 1);
  if (dot < 1 || !/^[A-Za-z0-9_-]{8,64}$/.test(sessionId) || !/^[A-Za-z0-9_-]+$/.test(token))
    throw new Error('loupe: not a join code (expected "<sessionId>.<token>" from joinCode)');
  const prefix = storagePrefix(options);
  const store = createSessionStore(webStorage('sessionStorage'), `${prefix}session`);
  const now = Date.now();
  const kept = store.load();
  if (kept?.id !== sessionId || kept.seq < JOIN_SEQ_BASE) {
    const lane = crypto.getRandomValues(new Uint16Array(1))[0]! % LANES;
    store.save({ id: sessionId, seq: JOIN_SEQ_BASE + lane * LANE, start: now, last: now });
  }
  writeItem(webStorage('localStorage'), prefix + sessionId, `&ss=${token}`);
  return start({ ...options, isAgent: true, recordDom: false });
}
