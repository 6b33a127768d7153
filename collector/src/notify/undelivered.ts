import { toIso } from '@loupe/schemas';

export interface UndeliveredNotice {
  at: string;
  subject: string;
  /** Why nobody got it, in words an admin acts on. */
  reason: string;
}

/** Notices kept per tenant; older ones are counted, not kept. */
const KEPT = 20;

/**
 * Notifications that reached nobody (no recipient with an address, no SMTP server, or the server
 * refused), per tenant, so the viewer can say so where an admin fixes it. In memory, per process:
 * it answers "is mail reaching anyone right now", and the log keeps every one of them.
 */
export class UndeliveredNotices {
  readonly #byTenant = new Map<string, { items: UndeliveredNotice[]; total: number }>();

  constructor(private readonly now: () => number) {}

  add(tenantId: string, subject: string, reason: string): void {
    let t = this.#byTenant.get(tenantId);
    if (!t) {
      t = { items: [], total: 0 };
      this.#byTenant.set(tenantId, t);
    }
    t.total++;
    t.items.unshift({ at: toIso(this.now()), subject, reason });
    t.items.length = Math.min(t.items.length, KEPT);
  }

  /** Newest first, with how many there were in all since the process started. */
  list(tenantId: string): { items: UndeliveredNotice[]; total: number } {
    const t = this.#byTenant.get(tenantId);
    return { items: [...(t?.items ?? [])], total: t?.total ?? 0 };
  }

  /** A delivered mail means the problem is fixed: older notices no longer describe the present. */
  clear(tenantId: string): void {
    this.#byTenant.delete(tenantId);
  }
}
