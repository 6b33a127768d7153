import { record } from '@rrweb/record';
import { andDescendants } from '../privacy/selectors.ts';
import { slicedSnapshot, type SnapshotContext } from './sliced-snapshot.ts';

/**
 * An rrweb event as the loader handles it: opaque apart from the envelope the collector checks.
 * (@rrweb/record 2.1.6 is typed against rrweb 2.2.2's event types, which differ from
 * @rrweb/types 2.1.6's; the envelope is what both agree on.)
 */
export interface RrwebEvent {
  type: number;
  timestamp: number;
  data: unknown;
}

/** What the loader asks of the DOM recorder: privacy rules as selectors and one masking function. */
export interface DomRecordingConfig {
  blockSelector: string;
  maskTextSelector: string;
  ignoreSelector: string;
  maskInput(value: string, el: Element): string;
  checkoutEveryMs: number;
  /** The recorder's other options, passed through: capture.ts reads these. */
  captureConsole?: boolean | undefined;
  captureNetwork?: boolean | undefined;
  /** The script tag's `data-*` attributes (the embed only), for options the loader does not read. */
  data?: Record<string, string | undefined> | undefined;
  maskText?: boolean | undefined;
  endpoint?: string | undefined;
  sanitizeUrl?: ((url: string) => string) | undefined;
}

export interface DomRecording {
  stop(): void;
  /** Adds a marker to the replay (an rrweb custom event), e.g. why recording paused. */
  mark(tag: string, payload: unknown): void;
}

/**
 * `e` is an rrweb event, or the JSON text of one already encoded (the full snapshot, written as
 * it was walked: sliced-snapshot.ts); `snapshot` says it is the full snapshot (not a change).
 */
export type RecordDom = (
  config: DomRecordingConfig,
  emit: (e: RrwebEvent | string, snapshot: boolean) => void,
  onError: (e: unknown) => void,
) => DomRecording | undefined;

/** Field types whose values rrweb hands to maskInputFn: every one that holds text or a choice of the user's. */
const ALL_FIELD_TYPES = Object.fromEntries(
  'color date datetime-local email month number range search tel text time url week textarea select password hidden'
    .split(' ')
    .map((t) => [t, true]),
);

/**
 * rrweb's options for our privacy rules (less emit and the snapshot hook): one place, also for
 * the test that compares the walk's snapshot with rrweb's own (test/serialiser.test.ts).
 */
export const rrwebOptions = (config: DomRecordingConfig, onError: (e: unknown) => void) =>
  ({
    blockClass: 'loupe-block',
    blockSelector: config.blockSelector,
    ignoreClass: 'loupe-ignore',
    // rrweb's ignore checks the element only; ours covers what is inside it too.
    ignoreSelector: andDescendants(config.ignoreSelector),
    maskTextClass: 'loupe-mask',
    maskTextSelector: config.maskTextSelector,
    // Every field goes through maskInput, which decides by the same rules as the INPUT events.
    // rrweb's maskAllInputs leaves out hidden inputs, which hold CSRF tokens: they are listed here.
    maskInputOptions: ALL_FIELD_TYPES,
    maskInputFn: (text: string, el: HTMLElement) => config.maskInput(text, el),
    // Scripts, comments and head metadata do not change what a replay shows.
    slimDOMOptions: 'all',
    // Sampling keeps the cost of busy pointers and scrolling low: mouse positions every 50 ms
    // (rrweb's default smoothness), scroll every 150 ms, and only an input's last value per event.
    sampling: { mousemove: 50, scroll: 150, input: 'last', media: 800 },
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
    errorHandler: (e: unknown) => {
      onError(e);
      return true;
    },
  }) as const;

/**
 * Starts rrweb: a full snapshot now (the caller picks an idle moment), taken in slices by
 * sliced-snapshot.ts in place of rrweb's own, then rrweb's incremental events. (Checkouts, a new
 * full snapshot every `checkoutEveryMs`, restart this: dom-control.ts.) This module is the lazily
 * loaded part; it must stay the only one that imports rrweb.
 */
export const recordDom: RecordDom = (config, emit, onError) => {
  // The full snapshot's node comes as JSON text written during the walk; the event is sent as
  // that text, with rrweb's envelope (its type, offset and time) around it.
  const prebuilt = new WeakMap<object, string>();
  let ready = false;
  const stop = record({
    emit: (e) => {
      const node = prebuilt.get(e);
      if (node === undefined) return emit(e, false);
      prebuilt.delete(e); // rrweb keeps its last FullSnapshot event: the text must not stay with it
      const { initialOffset, packed } = e.data as { initialOffset: unknown; packed: number };
      const data = `"node":${node},"initialOffset":${JSON.stringify(initialOffset)},"packed":${packed}`;
      emit(`{"type":${e.type},"data":{${data}},"timestamp":${e.timestamp}}`, true);
    },
    // Our option, read by the patched record() (scripts/rrweb-snapshot-hook.mjs).
    ...({
      loupeSnapshot: (ctx: SnapshotContext) =>
        slicedSnapshot({ ...ctx, done: () => ((ready = true), ctx.done()) }, prebuilt, onError),
    } as object),
    ...rrwebOptions(config, onError),
  });
  if (!stop) return undefined;
  return {
    stop,
    mark(tag, payload) {
      if (!ready) return; // still walking: rrweb takes no custom events before its snapshot
      try {
        record.addCustomEvent(tag, payload);
      } catch (e) {
        onError(e);
      }
    },
  };
};
