/**
 * Analyst queries a tenant may have running or waiting at once. The analysts' lane runs one query
 * at a time, so without a cap one tenant could queue enough heavy queries to keep every other
 * tenant's analysts waiting for hours; with it, another tenant waits for at most this many.
 */
export class TenantSlots {
  readonly #taken = new Map<string, number>();

  constructor(readonly perTenant: number) {}

  /** A release function, or undefined when the tenant's slots are all taken. */
  take(tenantId: string): (() => void) | undefined {
    const n = this.#taken.get(tenantId) ?? 0;
    if (n >= this.perTenant) return undefined;
    this.#taken.set(tenantId, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#taken.get(tenantId) ?? 1) - 1;
      if (left === 0) this.#taken.delete(tenantId);
      else this.#taken.set(tenantId, left);
    };
  }
}
