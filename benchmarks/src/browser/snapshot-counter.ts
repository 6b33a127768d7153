import { unpack } from 'msgpackr';
import { gunzipSync } from 'node:zlib';

export interface PostedReplay {
  /** rrweb full snapshots (event type 2): without one a recording cannot be replayed. */
  fullSnapshots: number;
  /** What Loupe's recorder reported about itself (CUSTOM_EVENT `loupe:*`), e.g. a dropped event. */
  recorderMessages: string[];
}

/** Decodes a body posted by Loupe's recorder or bare rrweb; the peers' own formats are not decoded. */
export function inspectPost(path: string, body: Buffer): PostedReplay {
  const none = { fullSnapshots: 0, recorderMessages: [] };
  if (path !== '/v1/ingest' && path !== '/rrweb/events') return none;
  try {
    const raw = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
    const value: unknown = raw[0] === 0x7b || raw[0] === 0x5b ? JSON.parse(raw.toString('utf8')) : unpack(raw);
    const batch = value as {
      replay?: { type?: number }[];
      events?: { type?: string; data?: { eventType?: string; value?: unknown } }[];
    };
    const replay = Array.isArray(value) ? (value as { type?: number }[]) : (batch.replay ?? []);
    const messages = (batch.events ?? [])
      .filter((e) => e.type === 'CUSTOM_EVENT' && e.data?.eventType?.startsWith('loupe:'))
      .map((e) => `${e.data!.eventType}: ${String(e.data!.value).slice(0, 200)}`);
    return { fullSnapshots: replay.filter((e) => e.type === 2).length, recorderMessages: messages };
  } catch {
    return none;
  }
}
