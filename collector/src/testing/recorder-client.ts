import { SESSION_SECRET_HEADER, type RecorderBatch } from '@loupe/schemas';

/**
 * Sends recorder batches as the recorder does: it keeps the session secret its first 202 carried
 * and sends it with every later batch of that session (see ingest/session-bindings.ts).
 */
export function recorderClient(url: string, siteKey: string) {
  const secrets = new Map<string, string>();
  return async function send(
    batch: RecorderBatch | (Omit<RecorderBatch, 'replay'> & { replay: unknown[] }),
  ): Promise<Response> {
    const secret = secrets.get(batch.sessionId);
    const r = await fetch(`${url}/v1/ingest`, {
      method: 'POST',
      headers: {
        'X-Loupe-Key': siteKey,
        'Content-Type': 'application/json',
        ...(secret ? { [SESSION_SECRET_HEADER]: secret } : {}),
      },
      body: JSON.stringify(batch),
    });
    if (r.status === 202) {
      const issued = ((await r.clone().json()) as { sessionSecret?: string }).sessionSecret;
      if (issued) secrets.set(batch.sessionId, issued);
    }
    return r;
  };
}
