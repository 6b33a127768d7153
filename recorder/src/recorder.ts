import { createDelivery } from './delivery.ts';
import { customEventData } from './events/custom-event.ts';
import { observeClicks } from './events/clicks.ts';
import { observeForms } from './events/forms.ts';
import { observeInputs } from './events/inputs.ts';
import type { ObserverContext } from './events/observer-context.ts';
import { emitPageChange, observePageChanges } from './events/page-changes.ts';
import { observeScrolls } from './events/scrolls.ts';
import { observeSelections } from './events/selections.ts';
import { observeLifecycle } from './lifecycle.ts';
import { resolveOptions, type RecorderOptions } from './options.ts';
import { pageUrlReader } from './page-url.ts';
import { createPrivacy } from './privacy/privacy.ts';
import { inertRecording, makeRecording, type Recording } from './recording.ts';
import { createDomReplay } from './replay/dom-replay.ts';
import type { DomModule } from './replay/dom-global.ts';
import { createSessionKeeper } from './session-keeper.ts';
import { openSession } from './session/session.ts';
import { createSessionStore } from './session/session-store.ts';
import { createTabClaim } from './session/tab-claim.ts';
import type { CobrowseEvent, CustomValue, EmitEvent } from './types.ts';
import { toUser } from './user.ts';
import { createDeferrals } from './util/deferrals.ts';
import { randomId, shortHash } from './util/random-id.ts';
import { undoAll } from './util/listen.ts';
import { openStore } from './util/idb-store.ts';
import { createReporter, guard } from './util/report.ts';
import { webStorage } from './util/web-storage.ts';

export interface RecorderDeps {
  /** Fetches the rrweb part: a dynamic import for bundlers, a script tag for the embed. */
  loadDom(): Promise<DomModule>;
}

/** One recorder per page: rrweb keeps page-wide state, and two would double every event. */
const ACTIVE = Symbol.for('loupe.recorder');
type WithActive = typeof globalThis & { [ACTIVE]?: boolean };

/**
 * Starts recording and answers the `Recording` that stops it. It never throws: bad options or a
 * browser without what we need leave the page alone and say why on the console.
 */
export function startRecorder(options: RecorderOptions, deps: RecorderDeps): Recording {
  const g = globalThis as WithActive;
  try {
    if (g[ACTIVE]) throw new Error('loupe: already running');
    const recording = run(options, deps, () => void delete g[ACTIVE]);
    g[ACTIVE] = true;
    return recording;
  } catch (e) {
    console.debug('[loupe] not started:', e);
    return inertRecording();
  }
}

function run(options: RecorderOptions, deps: RecorderDeps, onStop: () => void): Recording {
  const o = resolveOptions(options);
  const now = () => Date.now();
  const url = new URL(`v1/ingest?key=${encodeURIComponent(o.key)}`, o.endpoint.replace(/\/*$/, '/')).href;
  const prefix = `loupe:${shortHash(url)}:`;
  const local = webStorage('localStorage');
  const pageUrl = pageUrlReader(o.sanitizeUrl);
  let stopped = false;

  const emit: EmitEvent = (type, data) => {
    if (stopped) return;
    const href = pageUrl();
    delivery.addEvent({ type, ts: now(), ...(href ? { url: href } : {}), data } as CobrowseEvent);
  };
  const custom = (eventType: string, value: CustomValue) => emit('CUSTOM_EVENT', { eventType, value });
  const report = createReporter((message) => custom('loupe:error', message));
  const session = openSession(
    createSessionStore(webStorage('sessionStorage'), `${prefix}session`),
    createTabClaim(local, prefix, randomId(12), now),
    o,
    now,
    o.user,
  );
  // Without IndexedDB (or where opening it throws), batches wait in memory only.
  const db = openStore(`${prefix}outbox`);
  const delivery = createDelivery({
    ...o,
    url,
    storage: local,
    db,
    prefix,
    session,
    report,
    now,
    onDrop: (n) => custom('loupe:dropped', n),
    onFatal: () => stop(),
    // Its secret is gone: the tab records on in a session of its own (a fresh snapshot first).
    onLost: (sid) => sid === session.state.id && keeper.restart(),
  });
  const privacy = createPrivacy(o, report);
  const deferrals = createDeferrals(report);
  const replay = o.recordDom
    ? createDomReplay({
        load: deps.loadDom,
        // Every option passes through: the lazy part reads its own (captureConsole, captureNetwork).
        config: { ...o, ...privacy.rrweb, maskInput: privacy.maskInput },
        mutationLimit: o.mutationLimit,
        emit: (e) => !stopped && delivery.addReplay(e),
        note: custom,
        queuedBytes: () => delivery.stats().queuedBytes,
        maxQueueBytes: o.maxQueueBytes,
        report,
        now,
      })
    : undefined;
  const pageChange = () => emitPageChange(emit, pageUrl);
  const keeper = createSessionKeeper({
    session,
    delivery,
    deferrals,
    replay,
    pageChange,
    idlePauseMs: o.idlePauseMs,
    now,
  });

  const lifecycle = {
    report,
    activity: keeper.activity,
    hide(leaving: boolean) {
      deferrals.flush();
      delivery.hide(leaving);
      session.save();
      // A reload must find the session unclaimed, or it would take itself for a duplicated tab.
      if (leaving) session.release();
    },
    wake: delivery.wake,
    restored() {
      session.claim();
      keeper.activity();
      delivery.wake();
    },
  };
  const ctx: ObserverContext = { emit, privacy, report, deferrals };
  const observers = [
    observeClicks,
    observeScrolls,
    observeInputs,
    observeForms,
    observeSelections,
    observePageChanges(pageUrl),
  ];
  const off = undoAll([...observers.map((observe) => observe(ctx)), observeLifecycle(lifecycle)]);
  const timer = setInterval(guard(report, keeper.tick), o.flushIntervalMs);
  // Listeners are in place from here on: a failure must be reported, not abort the start.
  guard(report, delivery.restore)();
  guard(report, pageChange)();
  guard(report, () => replay?.start())();

  function stop() {
    if (stopped) return;
    deferrals.flush();
    replay?.stop();
    delivery.finish();
    stopped = true;
    clearInterval(timer);
    deferrals.cancel();
    off();
    session.save();
    session.release();
    onStop();
  }

  return makeRecording({
    stop: guard(report, stop),
    track: guard(report, (type: unknown, value?: unknown) => {
      const data = customEventData(type, value);
      if (typeof data === 'string') throw new Error(data);
      emit('CUSTOM_EVENT', data);
    }),
    identify: guard(report, (user: unknown) => {
      const u = toUser(user);
      if (typeof u === 'string') throw new Error(u);
      session.identify(u);
    }),
    sessionId: () => (stopped ? undefined : session.state.id),
    stats: () => ({ ...delivery.stats(), domRecording: replay?.recording() ?? false }),
  });
}
