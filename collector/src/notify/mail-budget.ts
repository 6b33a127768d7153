/**
 * How many alert e-mails a tenant gets in a window, whatever the bot or application names: names
 * are the sender's to choose, so a cap per name alone lets one POST send a thousand mails. Per
 * process: with several collectors a tenant gets at most this many from each.
 */
export class MailBudget {
  readonly #windows = new Map<string, { start: number; sent: number }>();

  constructor(
    readonly mails: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Takes one mail of the tenant's window; false when the window's mails are spent. */
  take(tenantId: string): boolean {
    const at = this.now();
    let w = this.#windows.get(tenantId);
    if (!w || at - w.start >= this.windowMs) {
      w = { start: at, sent: 0 };
      this.#windows.set(tenantId, w);
    }
    if (w.sent >= this.mails) return false;
    w.sent++;
    return true;
  }

  /** Milliseconds until the tenant's current window ends. */
  untilWindowEnds(tenantId: string): number {
    const w = this.#windows.get(tenantId);
    return w ? Math.max(0, w.start + this.windowMs - this.now()) : 0;
  }
}
