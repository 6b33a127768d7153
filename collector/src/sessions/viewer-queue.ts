/**
 * What one live viewer has not read yet, bounded: a viewer that stops reading (a stalled tab, a
 * dead proxy) would otherwise make the collector hold every batch recorded meanwhile. Past
 * `maxChars` the viewer is dropped instead (`onOverflow`), and reconnects to fill the gap from the
 * stored replay. One message is always taken, however large, so a big snapshot reaches a viewer
 * that keeps up.
 */
export class ViewerQueue {
  #items: string[] = [];
  #chars = 0;
  #wake: (() => void) | undefined;
  #overflowed = false;

  constructor(
    private readonly maxChars: number,
    private readonly onOverflow: () => void,
  ) {}

  get overflowed(): boolean {
    return this.#overflowed;
  }

  get length(): number {
    return this.#items.length;
  }

  push(message: string): void {
    if (this.#overflowed) return;
    if (this.#chars > 0 && this.#chars + message.length > this.maxChars) {
      this.#overflowed = true;
      this.#items = [];
      this.#chars = 0;
      this.onOverflow();
    } else {
      this.#items.push(message);
      this.#chars += message.length;
    }
    this.#wake?.();
  }

  shift(): string | undefined {
    const m = this.#items.shift();
    if (m !== undefined) this.#chars -= m.length;
    return m;
  }

  /** Resolves when a message arrives (or the queue overflows), or after `ms`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }
}

/** A viewer may fall this far behind (UTF-16 characters, about 8 MB) before it is hung up on. */
export const LIVE_QUEUE_MAX_CHARS = 4 * 1024 * 1024;
