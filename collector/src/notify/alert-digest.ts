import { toIso } from '@loupe/schemas';

export interface DigestEntry {
  ts: number;
  bot: string;
  application: string;
  statusCode: number;
  kind: 'error' | 'reauth';
}

/** Lines shown in one digest; the rest are counted. */
const DIGEST_LINES = 100;

/** The alerts a tenant's spent mail budget held back, sent as one e-mail when its window ends. */
export class AlertDigests {
  readonly #held = new Map<string, { entries: DigestEntry[]; total: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly send: (tenantId: string, subject: string, text: string) => Promise<void>,
    /** A digest that could not be sent is logged, never thrown from a timer. */
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Holds an alert back; the first of a window schedules the digest for when the window ends. */
  add(tenantId: string, entry: DigestEntry, sendInMs: number): void {
    let h = this.#held.get(tenantId);
    if (!h) {
      const timer = setTimeout(() => this.flush(tenantId).catch(this.onError), sendInMs);
      timer.unref();
      h = { entries: [], total: 0, timer };
      this.#held.set(tenantId, h);
    }
    h.total++;
    if (h.entries.length < DIGEST_LINES) h.entries.push(entry);
  }

  /** Sends the held alerts of one tenant, or of every tenant, now. */
  async flush(tenantId?: string): Promise<void> {
    for (const t of tenantId ? [tenantId] : [...this.#held.keys()]) {
      const h = this.#held.get(t);
      if (!h) continue;
      this.#held.delete(t);
      clearTimeout(h.timer);
      const what = (e: DigestEntry) => (e.kind === 'reauth' ? 'needs re-authorisation' : `error ${e.statusCode}`);
      const lines = h.entries.map((e) => `${toIso(e.ts)}  ${what(e)}  ${e.bot} / ${e.application}`);
      const more = h.total - h.entries.length;
      const text = [
        `${h.total} more call-log alert${h.total === 1 ? '' : 's'} came in after this tenant's e-mails for the window were spent.`,
        'They were not e-mailed one by one; here they are together. Open the call logs for the details.',
        '',
        ...lines,
        ...(more > 0 ? [`... and ${more} more`] : []),
      ].join('\n');
      await this.send(t, `[Loupe] Digest: ${h.total} more call-log alert${h.total === 1 ? '' : 's'}`, text);
    }
  }
}
