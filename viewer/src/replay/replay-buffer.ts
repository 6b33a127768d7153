import type { ApiClient } from '../api/api-client.ts';
import type { RrwebEvent } from '@loupe/schemas';
import { unpackReplayEvent } from '@loupe/schemas/packed-snapshot';

/** rrweb's event types this file needs (rrweb's EventType). */
export const META = 4;
export const FULL_SNAPSHOT = 2;

/** The first window forward, in session time; later ones double up to MAX_WINDOW_MS. */
const FIRST_WINDOW_MS = 60_000;
const MAX_WINDOW_MS = 10 * 60_000;
/**
 * How far ahead of the playhead a replay keeps loaded. Loading on to the session's end at once made
 * a long session's start compete with tens of MB of JSON parsing; this keeps the work per moment flat.
 */
export const LEAD_MS = 2 * 60_000;
/** A seek this far past what is loaded starts afresh from the snapshot before it instead of loading the gap. */
export const FAR_SEEK_MS = 5 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A session's rrweb events, fetched by time window so a replay can start before the whole
 * session has arrived. It holds one contiguous range [lo, hi] that is complete: every event of
 * the session in that range is loaded, and nothing else. The API answers whole chunks that
 * overlap a window, so a chunk across a window's edge comes twice; keeping only the events inside
 * each window drops those copies without relying on chunk boundaries.
 *
 * Starting mid-session asks with `snapshot=true`: the API then begins at the chunk of the last
 * full snapshot at or before `from` (or at the session's first chunk when there is none), so one
 * request holds everything a replayer needs to start there.
 */
export class ReplayBuffer {
  #events: RrwebEvent[] = [];
  #lo = Infinity;
  #hi = -Infinity;
  #window = FIRST_WINDOW_MS;
  /** Fetches run one at a time, in call order, so ranges never interleave. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Bumped when the range is dropped for a far seek: a replayer built from the old one must be rebuilt. */
  #epoch = 0;
  readonly #appendListeners = new Set<(events: RrwebEvent[]) => void>();

  constructor(
    private readonly api: ApiClient,
    private readonly sessionId: string,
    /** The session's first and last moments (epoch ms) from its summary. */
    readonly start: number,
    readonly end: number,
    private readonly signal: AbortSignal,
  ) {}

  /** Loaded events, oldest first. */
  get events(): readonly RrwebEvent[] {
    return this.#events;
  }
  get lo(): number {
    return this.#lo;
  }
  get hi(): number {
    return this.#hi;
  }
  get epoch(): number {
    return this.#epoch;
  }
  /** Everything up to the session's end is loaded: playing on needs no more. */
  get loadedToEnd(): boolean {
    return this.#hi >= this.end;
  }

  /** Told of events added at the end (the replayer takes them with addEvent). */
  onAppend(listener: (events: RrwebEvent[]) => void): () => void {
    this.#appendListeners.add(listener);
    return () => this.#appendListeners.delete(listener);
  }

  /**
   * Loads what a replay starting at `at` needs, from the last full snapshot at or before it to a
   * window after it: one request when the buffer is empty, forwards otherwise.
   */
  async loadAround(at: number): Promise<void> {
    await this.#serial(async () => {
      if (this.#hi !== -Infinity) return;
      const from = Math.max(this.start, Math.min(at, this.end));
      await this.#fetchFromSnapshot(from, Math.max(from, at + FIRST_WINDOW_MS), 'append');
    });
    await this.loadUntil(at + FIRST_WINDOW_MS);
    // A snapshot in the middle of its chunk can lie after `at`; then the one before is needed.
    await this.ensureSnapshotBefore(at);
  }

  /** Index of the event a replayer reaching `at` starts from: the last full snapshot at or before `at` (with its Meta). */
  startIndexFor(at: number): number | null {
    let snap = -1;
    for (let i = 0; i < this.events.length && this.events[i]!.timestamp <= at; i++)
      if (this.events[i]!.type === FULL_SNAPSHOT) snap = i;
    // Before the first snapshot there is nothing to show; the first snapshot stands in when none is earlier and the start is loaded.
    if (snap < 0 && this.#lo <= this.start) snap = this.events.findIndex((e) => e.type === FULL_SNAPSHOT);
    if (snap < 0) return null;
    return snap > 0 && this.events[snap - 1]!.type === META ? snap - 1 : snap;
  }

  /**
   * Extends the range backwards until it holds a full snapshot at or before `at`, or reaches the
   * session's start: usually one request, since the API starts at that snapshot's chunk. Each
   * request ends where the range begins and moves `lo` back to a chunk's start, so this ends.
   */
  ensureSnapshotBefore(at: number): Promise<void> {
    return this.#serial(async () => {
      // An empty buffer has no range to extend: loadAround starts it.
      while (
        this.#hi !== -Infinity &&
        !this.#hasSnapshotAtOrBefore(at) &&
        this.#lo > this.start &&
        !this.signal.aborted
      ) {
        const to = this.#lo - 1;
        await this.#fetchFromSnapshot(Math.max(this.start, Math.min(at, to)), to, 'prepend');
      }
    });
  }

  /** Extends the range forwards to at least `until` (or the session's end); an empty buffer starts at the session's start. */
  loadUntil(until: number): Promise<void> {
    return this.#serial(async () => {
      if (this.#hi === -Infinity) {
        await this.#fetch(this.start, Math.max(this.start, until), 'append');
        return;
      }
      const target = Math.min(until, this.end);
      while (this.#hi < target) {
        const b = Math.max(target, this.#hi + this.#window);
        this.#window = Math.min(this.#window * 2, MAX_WINDOW_MS);
        await this.#fetch(this.#hi + 1, b, 'append');
      }
    });
  }

  /**
   * Loads forwards until there is a full snapshot to start a replay at `at` from (DOM recording
   * may have begun late); null when the session has none at all, e.g. recorded without the DOM.
   */
  async findStart(at: number): Promise<number | null> {
    let i = this.startIndexFor(at);
    while (i === null && !this.loadedToEnd && !this.signal.aborted) {
      await this.loadUntil(this.#hi + this.#window);
      i = this.startIndexFor(at);
    }
    return i;
  }

  /**
   * Drops the loaded range and loads around `at` as a fresh buffer would: a seek far past what is
   * loaded then costs one snapshot's worth, not everything in between.
   */
  async restartAt(at: number): Promise<void> {
    await this.#serial(async () => {
      this.#events = [];
      this.#lo = Infinity;
      this.#hi = -Infinity;
      this.#window = FIRST_WINDOW_MS;
      this.#epoch++;
    });
    await this.loadAround(at);
  }

  /** Keeps loading the rest of the session in the background, a window at a time. */
  async loadRest(): Promise<void> {
    while (!this.signal.aborted && this.#hi < this.end) await this.loadUntil(this.#hi + this.#window);
  }

  #hasSnapshotAtOrBefore(at: number): boolean {
    return this.events.some((e) => e.type === FULL_SNAPSHOT && e.timestamp <= at);
  }

  #serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #get(from: number, to: number, snapshot: boolean): Promise<{ items: RrwebEvent[] }> {
    const query = { from: iso(from), to: iso(to), snapshot: snapshot || undefined };
    return this.api.get<{ items: RrwebEvent[] }>(
      `/v1/sessions/${encodeURIComponent(this.sessionId)}/replay`,
      query,
      this.signal,
    );
  }

  /** [from, to] exactly: the range grows forwards from `hi`. */
  async #fetch(from: number, to: number, where: 'append' | 'prepend'): Promise<void> {
    const page = await this.#get(from, to, false);
    this.#add(
      page.items.filter((e) => e.timestamp >= from && e.timestamp <= to),
      Math.min(this.#lo, from),
      to,
      where,
    );
  }

  /**
   * From the last full snapshot at or before `from` to `to`. What comes back is complete from its
   * first event (the snapshot's chunk, or the session's first chunk when it has no snapshot that
   * early) to `to`; nothing at all means the session has nothing up to `to`, so the range reaches
   * back to its start.
   */
  async #fetchFromSnapshot(from: number, to: number, where: 'append' | 'prepend'): Promise<void> {
    const page = await this.#get(from, to, true);
    const inside = page.items.filter((e) => e.timestamp <= to);
    let first = Infinity;
    for (const e of inside) first = Math.min(first, e.timestamp);
    this.#add(inside, inside.length ? Math.min(from, first) : this.start, to, where);
  }

  #add(packed: RrwebEvent[], lo: number, hi: number, where: 'append' | 'prepend'): void {
    // The recorder packs its full snapshots (@loupe/schemas packed-snapshot.ts): rrweb's replayer takes them unpacked.
    const inside = packed.map(unpackReplayEvent);
    // Stable sort: events of one millisecond keep the order the recorder gave them.
    inside.sort((a, b) => a.timestamp - b.timestamp);
    this.#lo = Math.min(this.#lo, lo);
    this.#hi = Math.max(this.#hi, hi);
    // concat rather than push(...xs): a long window can hold more events than a call takes arguments.
    if (where === 'prepend') this.#events = inside.concat(this.#events);
    else {
      this.#events = this.#events.concat(inside);
      if (inside.length) for (const l of this.#appendListeners) l(inside);
    }
  }
}
