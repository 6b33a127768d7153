import { FailureThrottle } from '../http/failure-throttle.ts';

/** Failed sign-ins one address may make (any names) before it waits: spraying names meets this. */
const PER_ADDRESS = { burst: 30, perSecond: 1 / 2 };
/** Failed sign-ins one address may make at one name: a guesser at one account meets this first. */
const PER_ADDRESS_NAME = { burst: 10, perSecond: 1 / 6 };
/** A name's failures from everywhere; past this many, each attempt waits longer, never refused. */
const FREE_FAILURES_PER_NAME = 10;
const MAX_DELAY_MS = 8_000;

export type SignInVerdict = { ok: false; retryAfterSeconds: number } | { ok: true; delayMs: number };

/**
 * Slows password guessing without handing an attacker a way to lock the real user out. Limits
 * that refuse (429) are per address, so only the guesser's own address is refused; the limit per
 * name, which must count every address, only delays (doubling per failure past ten, at most 8 s),
 * so the real user, from their own address, still signs in. Names are counted whether they
 * exist or not, so the throttle tells nothing about which do.
 */
export class SignInThrottle {
  readonly #address: FailureThrottle;
  readonly #addressName: FailureThrottle;
  readonly #name: FailureThrottle;

  constructor(now: () => number = Date.now) {
    this.#address = new FailureThrottle(PER_ADDRESS.burst, PER_ADDRESS.perSecond, now);
    this.#addressName = new FailureThrottle(PER_ADDRESS_NAME.burst, PER_ADDRESS_NAME.perSecond, now);
    // A name's count fades by one a minute; its burst is only a bound on the count kept.
    this.#name = new FailureThrottle(1_000, 1 / 60, now);
  }

  check(address: string, name: string): SignInVerdict {
    const wait = Math.max(this.#address.retryAfter(address), this.#addressName.retryAfter(`${address}\u0000${name}`));
    if (wait > 0) return { ok: false, retryAfterSeconds: wait };
    const over = Math.floor(this.#name.failures(name)) - FREE_FAILURES_PER_NAME;
    return { ok: true, delayMs: over < 0 ? 0 : Math.min(MAX_DELAY_MS, 250 * 2 ** over) };
  }

  failed(address: string, name: string): void {
    this.#address.fail(address);
    this.#addressName.fail(`${address}\u0000${name}`);
    this.#name.fail(name);
  }

  succeeded(address: string, name: string): void {
    this.#addressName.clear(`${address}\u0000${name}`);
    this.#name.clear(name);
  }
}
