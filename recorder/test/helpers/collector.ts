import type { TestServer } from '@loupe/collector/testing/test-server';

export interface StoredEvent {
  type: string;
  ts: string;
  url?: string;
  data: Record<string, unknown>;
  sessionId: string;
  seq: number;
  idx: number;
  isAgent: boolean;
}
export interface StoredReplayEvent {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
}

/** Reads what the collector stored, through its HTTP API as the viewer would. */
export function collectorReader(srv: TestServer) {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${srv.url}${path}`, { headers: { Authorization: `Bearer ${srv.adminKey}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    /** A session's co-browse events, oldest first, every page of them. */
    async events(sessionId: string): Promise<StoredEvent[]> {
      const all: StoredEvent[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: StoredEvent[]; next: string | null } = await get(
          `/v1/sessions/${sessionId}/events?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        all.push(...page.items);
        cursor = page.next;
      } while (cursor);
      return all;
    },
    replay: async (sessionId: string) =>
      (await get<{ items: StoredReplayEvent[] }>(`/v1/sessions/${sessionId}/replay`)).items,
    /** The raw JSON the API answers for a session, to search for things that must not be there. */
    raw: async (sessionId: string) =>
      JSON.stringify([
        await get(`/v1/sessions/${sessionId}/events?limit=10000`),
        await get(`/v1/sessions/${sessionId}/replay`),
      ]),
    /** The sequence numbers of the batches stored for a session (one receipt per stored batch). */
    async seqs(sessionId: string): Promise<number[]> {
      const rs = await srv.services.client.query({
        query: 'SELECT seq FROM ingest_batches WHERE session_id = {sid:String} ORDER BY seq',
        query_params: { sid: sessionId },
        format: 'JSONEachRow',
      });
      return ((await rs.json()) as { seq: number | string }[]).map((r) => Number(r.seq));
    },
  };
}

/** 0, 1, ... n-1: what a session's stored sequence numbers must be when no batch was lost. */
export const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);
