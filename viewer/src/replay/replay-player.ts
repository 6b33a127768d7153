import type { RrwebEvent } from '@loupe/schemas';
import { FAR_SEEK_MS, LEAD_MS, type ReplayBuffer } from './replay-buffer.ts';
import {
  SAFE_REPLAYER_OPTIONS,
  type ReplayerClass,
  type ReplayerEvents,
  type ReplayerInstance,
} from './load-replayer.ts';
import { fitStage } from './fit-stage.ts';
import { INACTIVE_MS, nextInteractionAfter, SKIP_LEAD_MS } from './idle-gap.ts';

export type PlayerState = 'loading' | 'paused' | 'playing' | 'buffering' | 'ended';

export interface PlayerCallbacks {
  /** The playhead, in epoch ms; called about ten times a second while playing. */
  onTime(at: number): void;
  onState(state: PlayerState): void;
  onSkipping(skipping: boolean): void;
  onError(error: unknown): void;
}

/** The session has co-browse events but no page to rebuild: it was recorded without the DOM. */
export class NoPageRecordedError extends Error {
  override readonly name = 'NoPageRecordedError';
  constructor() {
    super(
      'this session was recorded without its page (DOM recording was off or blocked), so there is nothing to replay',
    );
  }
}

/** While playing, stop this close to the end of what is loaded and wait for more. */
const BUFFER_MARGIN_MS = 250;
const TICK_MS = 100;

/**
 * rrweb's Replayer over a ReplayBuffer, in session time (epoch ms). The replayer starts from the
 * full snapshot before the requested moment and takes later windows with addEvent as they arrive;
 * seeking before its first snapshot rebuilds it from an earlier one.
 */
export class ReplayPlayer {
  #replayer: ReplayerInstance | null = null;
  /** Timestamp of the replayer's first event: its offsets count from here. */
  #base = 0;
  #at: number;
  #state: PlayerState = 'loading';
  #speed = 1;
  #skipInactive = true;
  #timer = 0;
  /** Bumped by every user action, so a wait that finishes late does not undo a newer one. */
  #generation = 0;
  /** The buffer's epoch the replayer was built from: events of a newer range never reach it. */
  #builtEpoch = -1;
  #prefetching = false;
  #dims = { width: 0, height: 0 };
  readonly #observer: ResizeObserver;
  readonly #unsubscribe: () => void;
  #framed: () => void = () => undefined;
  /**
   * Resolves when a replayer first rebuilds the recorded page on the stage (or the player is
   * destroyed). rrweb does it a task after `open` when the snapshot lies after the asked moment,
   * so what must not compete with the first frame waits for this rather than for `open`.
   */
  readonly framed = new Promise<void>((resolve) => {
    this.#framed = resolve;
  });

  constructor(
    private readonly Replayer: ReplayerClass,
    private readonly stage: HTMLElement,
    private readonly buffer: ReplayBuffer,
    private readonly cb: PlayerCallbacks,
  ) {
    this.#at = buffer.start;
    this.#observer = new ResizeObserver(() => this.#fit());
    this.#observer.observe(stage);
    this.#unsubscribe = buffer.onAppend((events) => this.#append(events));
  }

  get state(): PlayerState {
    return this.#state;
  }

  /** The playhead in epoch ms. */
  get at(): number {
    if (this.#state === 'playing' && this.#replayer)
      return Math.min(this.buffer.end, this.#base + this.#replayer.getCurrentTime());
    return this.#at;
  }

  /** Loads what `at` needs, shows that moment paused, and keeps loading the rest behind it. */
  async open(at: number): Promise<void> {
    await this.buffer.loadAround(at);
    if ((await this.buffer.findStart(at)) === null) throw new NoPageRecordedError();
    this.#build(at);
    this.#show(at, false);
    this.#prefetch(at);
  }

  play(): void {
    const from = this.#state === 'ended' || this.at >= this.buffer.end ? this.buffer.start : this.at;
    void this.seek(from, true);
  }

  pause(): void {
    this.#generation++;
    const at = this.at;
    this.#replayer?.pause();
    this.#at = at;
    this.#setState('paused');
    this.cb.onTime(at);
  }

  /** Moves the playhead; playing continues if `play` (default: as before). */
  async seek(at: number, play = this.#state === 'playing' || this.#state === 'buffering'): Promise<void> {
    const generation = ++this.#generation;
    at = Math.min(Math.max(at, this.buffer.start), this.buffer.end);
    this.#at = at;
    this.cb.onTime(at);
    try {
      if (at > this.buffer.hi + FAR_SEEK_MS || at < this.buffer.lo - FAR_SEEK_MS) {
        // Far from what is loaded: start afresh at the snapshot before `at` rather than load the gap.
        this.#replayer?.pause();
        this.#setState('loading');
        await this.buffer.restartAt(at);
      } else if (at < this.#base && this.buffer.lo > this.buffer.start) {
        this.#replayer?.pause();
        this.#setState('loading');
        await this.buffer.ensureSnapshotBefore(at);
      }
      if (at > this.buffer.hi) {
        this.#replayer?.pause();
        this.#setState('buffering');
        await this.buffer.loadUntil(at + 5_000);
      }
      if (play) at = await this.#pastIdleGap(at);
    } catch (e) {
      this.cb.onError(e);
      return;
    }
    if (generation !== this.#generation) return;
    const start = this.buffer.startIndexFor(at);
    if (start !== null && (this.#builtEpoch !== this.buffer.epoch || this.buffer.events[start]!.timestamp < this.#base))
      this.#build(at);
    this.#show(at, play);
    this.#prefetch(at);
  }

  setSpeed(speed: number): void {
    this.#speed = speed;
    this.#replayer?.setConfig({ speed });
  }

  setSkipInactive(skip: boolean): void {
    this.#skipInactive = skip;
    this.#replayer?.setConfig({ skipInactive: skip });
    // Turned on inside a gap: rrweb would notice only at the gap's end.
    if (skip && this.#state === 'playing') void this.seek(this.at, true);
  }

  destroy(): void {
    this.#framed();
    this.#generation++;
    clearInterval(this.#timer);
    this.#observer.disconnect();
    this.#unsubscribe();
    this.#replayer?.destroy();
    this.#replayer = null;
  }

  #build(at: number): void {
    const start = this.buffer.startIndexFor(at);
    if (start === null) throw new NoPageRecordedError();
    const events = this.buffer.events.slice(start);
    // rrweb refuses fewer than two events; a snapshot alone is still worth showing.
    if (events.length < 2) events.push({ ...events[0]!, type: 5, data: { tag: 'loupe-end', payload: null } });
    this.#replayer?.destroy();
    this.stage.replaceChildren();
    this.#base = events[0]!.timestamp;
    this.#builtEpoch = this.buffer.epoch;
    const r = new this.Replayer(events as ReplayerEvents, {
      ...SAFE_REPLAYER_OPTIONS,
      root: this.stage,
      speed: this.#speed,
      skipInactive: this.#skipInactive,
    });
    r.on('resize', (d) => {
      const { width, height } = d as { width: number; height: number };
      this.#dims = { width, height };
      this.#fit();
    });
    r.on('fullsnapshot-rebuilded', () => this.#framed());
    r.on('finish', () => this.#finished());
    r.on('skip-start', () => this.cb.onSkipping(true));
    r.on('skip-end', () => this.cb.onSkipping(false));
    this.#replayer = r;
  }

  #append(events: RrwebEvent[]): void {
    const r = this.#replayer;
    if (!r || this.#builtEpoch !== this.buffer.epoch) return;
    for (const e of events) if (e.timestamp >= this.#base) r.addEvent(e as ReplayerEvents[number]);
  }

  #show(at: number, play: boolean): void {
    const r = this.#replayer;
    if (!r) return;
    const offset = Math.max(0, at - this.#base);
    this.#at = at;
    // The state first: rrweb may report 'finish' while applying, and #finished reads it.
    if (play) {
      this.#setState('playing');
      r.play(offset);
    } else {
      this.#setState(at >= this.buffer.end && this.buffer.loadedToEnd ? 'ended' : 'paused');
      // rrweb applies the events before its offset; one millisecond more shows those at `at` as well.
      r.pause(offset + 1);
    }
    this.cb.onTime(at);
  }

  #setState(state: PlayerState): void {
    this.#state = state;
    clearInterval(this.#timer);
    if (state === 'playing') this.#timer = window.setInterval(() => this.#tick(), TICK_MS);
    this.cb.onState(state);
  }

  #tick(): void {
    const at = this.at;
    this.cb.onTime(at);
    if (!this.buffer.loadedToEnd && at > this.buffer.hi - BUFFER_MARGIN_MS) void this.#waitForMore(at);
    else this.#prefetch(at);
  }

  /**
   * Where playing from `at` really starts. rrweb skips an idle gap only when it reaches an event
   * that begins one, so playing from inside a gap (a `?t=` link, a seek, a pause there) played it
   * at 1x; with skip-inactivity on, a gap ahead longer than rrweb's threshold is jumped, to just
   * before its next interaction, or to the end when none follows. Loads on until it knows.
   */
  async #pastIdleGap(at: number): Promise<number> {
    if (!this.#skipInactive) return at;
    const threshold = INACTIVE_MS * this.#speed;
    for (;;) {
      const next = nextInteractionAfter(this.buffer.events, at);
      if (next) return next.timestamp - at > threshold ? Math.max(at, next.timestamp - SKIP_LEAD_MS) : at;
      if (this.buffer.loadedToEnd) return this.buffer.end - at > threshold ? this.buffer.end : at;
      await this.buffer.loadUntil(this.buffer.hi + LEAD_MS);
    }
  }

  /** Keeps LEAD_MS loaded ahead of the playhead, in the background, one load at a time. */
  #prefetch(at: number): void {
    if (this.#prefetching || this.buffer.loadedToEnd || this.buffer.hi >= at + LEAD_MS / 2) return;
    this.#prefetching = true;
    this.buffer
      .loadUntil(at + LEAD_MS)
      .catch((e: unknown) => {
        if (this.#replayer) this.cb.onError(e);
      })
      .finally(() => {
        this.#prefetching = false;
      });
  }

  async #waitForMore(at: number): Promise<void> {
    const generation = ++this.#generation;
    this.#replayer?.pause();
    this.#at = at;
    this.#setState('buffering');
    try {
      await this.buffer.loadUntil(at + 30_000);
      at = await this.#pastIdleGap(at);
    } catch (e) {
      this.cb.onError(e);
      return;
    }
    if (generation === this.#generation) this.#show(at, true);
  }

  #finished(): void {
    // rrweb also reports reaching its last event while a paused seek applies it.
    if (this.#state !== 'playing') return;
    if (!this.buffer.loadedToEnd) return void this.#waitForMore(this.at);
    this.#at = this.buffer.end;
    this.#setState('ended');
    this.cb.onTime(this.#at);
  }

  #fit(): void {
    const wrapper = this.#replayer?.wrapper;
    if (wrapper) fitStage(this.stage, wrapper, this.#dims);
  }
}
