import { ApiFailure } from '../api/api-client.ts';
import type { SessionEvent, SessionItem } from '@loupe/schemas';
import type { Page } from '../app-context.ts';
import { h, replace } from '../dom/h.ts';
import { safeHttpUrl } from '../dom/safe-url.ts';
import { formatDuration, formatTime } from '../format.ts';
import { type ConsolePanel, consolePanel } from '../replay/console-panel.ts';
import { addClickIssueMarkers } from '../replay/click-issue-markers.ts';
import { eventList } from '../replay/event-list.ts';
import { describeEvent, MARKER_TYPES } from '../replay/event-text.ts';
import { cobrowseControls } from '../replay/cobrowse-controls.ts';
import { startLiveView } from '../replay/live-view.ts';
import { loadReplayer, type ReplayerInstance } from '../replay/load-replayer.ts';
import { playerControls } from '../replay/player-controls.ts';
import { ReplayBuffer } from '../replay/replay-buffer.ts';
import { NoPageRecordedError, ReplayPlayer } from '../replay/replay-player.ts';
import { fetchSession, loadSessionEvents } from '../replay/session-data.ts';
import { isRecent, isReplayState, replayPath } from '../replay/session-links.ts';
import { timeline } from '../replay/timeline.ts';
import { sessionNotes } from '../replay/session-notes.ts';
import { emptyState, errorState, loadingState } from '../ui/states.ts';

/** The entry page as a link only when it is http(s); anything else stays text. */
function entryLink(url: string): Node | null {
  if (!url) return null;
  const href = safeHttpUrl(url);
  return href
    ? h(
        'a',
        { class: 'url', href, target: '_blank', rel: 'noopener noreferrer nofollow', 'data-testid': 'entry-link' },
        url,
      )
    : h('span', { class: 'url' }, url);
}

function sessionFacts(s: SessionItem): HTMLElement {
  const user = s.user ? (s.user.name ? `${s.user.name} (${s.user.id})` : s.user.id) : 'anonymous';
  return h(
    'p',
    { class: 'facts' },
    h('span', null, user),
    h('span', null, formatTime(s.startedAt)),
    h('span', null, formatDuration(s.durationMs)),
    entryLink(s.entryUrl),
    s.hasAgent ? h('span', { class: 'badge badge-agent' }, 'Agent present') : null,
  );
}

/** Longest the events wait for the replay's first frame once its data is in. */
const FRAME_WAIT_MS = 2_000;

/**
 * Resolves once the frame being drawn has been painted, so work queued after it does not hold that
 * frame back. A hidden tab paints nothing, so there it resolves at once.
 */
const afterPaint = () =>
  new Promise<void>((resolve) => {
    if (document.visibilityState === 'hidden') resolve();
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });

/**
 * One session: rrweb's replay in its sandboxed iframe, controls, a timeline with markers for the
 * notable co-browse events, the event list following the playhead, and a live view while the
 * session is still being recorded. `?t=` opens it at that many ms from the start.
 */
export const sessionReplayPage: Page = (root, { ctx, params, query, state }) => {
  const sessionId = params.id!;
  const abort = new AbortController();
  // Fetch rrweb's chunk while the session's data loads.
  const replayerClass = loadReplayer();
  let player: ReplayPlayer | null = null;
  let stopLive: (() => void) | null = null;
  let stopCobrowse: (() => void) | null = null;

  const facts = h('div', { class: 'facts-slot' });
  const actions = h('div', { class: 'page-actions' });
  const stage = h('div', { class: 'replay-stage', 'data-testid': 'replay-stage' });
  const overlay = h('div', { class: 'replay-overlay' }, loadingState('Loading the session…'));
  const controlsSlot = h('div', { class: 'controls-slot' });
  const timelineSlot = h('div', { class: 'timeline-slot' });
  const logSlot = h('div', { class: 'log-slot' });
  let logs: ConsolePanel | null = null;
  let seekTo: (offset: number) => void = () => undefined;
  const list = eventList((offset) => seekTo(offset));

  root.append(
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h('a', { href: '/sessions', class: 'back' }, '← Sessions'),
        h('h1', null, 'Session replay'),
        facts,
      ),
      actions,
    ),
    h(
      'div',
      { class: 'replay-layout' },
      h(
        'div',
        { class: 'replay-main' },
        h('div', { class: 'stage-box' }, stage, overlay),
        controlsSlot,
        timelineSlot,
        logSlot,
      ),
      list.el,
    ),
  );

  const showOverlay = (node: Node | null) => {
    overlay.hidden = node === null;
    if (node) replace(overlay, node);
  };

  async function open(): Promise<void> {
    const listed = isReplayState(state, sessionId) ? state.session : null;
    // The replay comes first: the session's co-browse events (the list, the timeline's markers)
    // are not even asked for until its first frame is painted, so before it the collector answers
    // only the summary and one replay window and the page does no per-event work: what a long
    // session costs to open stays what a short one does. Pages that come before the summary wait.
    let opened: () => void = () => undefined;
    const firstFrame = new Promise<void>((resolve) => {
      opened = resolve;
    });
    // What waits for the first frame (events, click issues, notes) starts once it is on screen.
    const painted = firstFrame.then(afterPaint);
    const early: SessionEvent[][] = [];
    let onEvents = (page: SessionEvent[]) => void early.push(page);
    const eventsLoaded = painted.then(() =>
      loadSessionEvents(ctx.api, sessionId, abort.signal, (page) => onEvents(page)),
    );
    eventsLoaded.catch(() => undefined);
    const session =
      listed ??
      (await fetchSession(ctx.api, sessionId, abort.signal).catch((e: unknown) => {
        opened();
        throw e;
      }));
    if (!session) {
      opened();
      showOverlay(emptyState('This session has no recording. It may have been archived, or the link is wrong.'));
      return;
    }
    replace(facts, sessionFacts(session));
    const start = Date.parse(session.startedAt);
    const end = Date.parse(session.endedAt);
    const duration = end - start;
    const offsetOf = (e: SessionEvent) => Math.min(Math.max(Date.parse(e.ts) - start, 0), duration);

    const buffer = new ReplayBuffer(ctx.api, sessionId, start, end, abort.signal);
    const line = timeline(duration, [], (offset) => seekTo(offset));
    // Like the events, asked for only after the first frame (the replay start stays flat).
    void painted
      .then(() => addClickIssueMarkers(ctx.api, sessionId, start, duration, line, abort.signal))
      .catch(() => undefined);
    onEvents = (page) => {
      line.addMarkers(
        page
          .filter((e) => MARKER_TYPES.has(e.type))
          .map((e) => {
            const d = describeEvent(e);
            return { offset: offsetOf(e), type: e.type, label: `${d.label}: ${d.detail}` };
          }),
      );
      list.add(page.map((e) => ({ offset: offsetOf(e), event: e })));
    };
    for (const page of early.splice(0)) onEvents(page);
    eventsLoaded.then(
      () => list.finish(),
      (e: unknown) => {
        if (!abort.signal.aborted) showOverlay(errorState(e));
      },
    );
    const controls = playerControls(sessionId, duration, {
      onPlayPause: () =>
        player?.state === 'playing' || player?.state === 'buffering' ? player.pause() : player?.play(),
      onSpeed: (s) => player?.setSpeed(s),
      onSkipInactive: (skip) => player?.setSkipInactive(skip),
    });
    replace(controlsSlot, controls.el);
    replace(timelineSlot, line.el);
    logs = consolePanel(buffer, start, duration, (offset) => seekTo(offset), line.addMarkers);
    replace(logSlot, logs.el);
    // Issue 17's notes: added at the playhead (the timeline's own value), shown as its markers.
    const playhead = () => Number(line.el.getAttribute('aria-valuenow') ?? 0);
    const notes = sessionNotes({
      ctx,
      sessionId,
      timeline: line,
      playhead,
      seek: (o) => seekTo(o),
      signal: abort.signal,
      after: painted,
    });
    timelineSlot.append(notes.el);
    if (isRecent(session)) {
      actions.append(
        h(
          'button',
          {
            type: 'button',
            class: 'button-secondary',
            'data-testid': 'watch-live',
            on: { click: () => void goLive(start) },
          },
          'Watch live',
        ),
      );
    }

    const Replayer = await replayerClass.catch((e: unknown) => {
      opened();
      throw e;
    });
    if (abort.signal.aborted) return opened();
    player = new ReplayPlayer(Replayer, stage, buffer, {
      onTime: (at) => {
        const offset = at - start;
        line.setTime(offset);
        list.setTime(offset);
        logs?.setTime(offset);
        controls.setTime(offset);
      },
      onState: (s) => {
        controls.setState(s);
        showOverlay(
          s === 'loading' ? loadingState('Loading the replay…') : s === 'buffering' ? loadingState('Buffering…') : null,
        );
      },
      onSkipping: (skipping) => stage.classList.toggle('skipping', skipping),
      onError: (e) =>
        showOverlay(
          errorState(e, () =>
            ctx.navigate(location.pathname + location.search, { replace: true, state: history.state }),
          ),
        ),
    });
    seekTo = (offset) => void player?.seek(start + offset);
    const t = Number(query.get('t') ?? 0);
    const shown = player.framed;
    await player
      .open(start + (Number.isFinite(t) ? Math.min(Math.max(t, 0), duration) : 0))
      // A page rrweb never rebuilds (a broken snapshot) must not keep the events from loading.
      .then(() => Promise.race([shown, new Promise((resolve) => setTimeout(resolve, FRAME_WAIT_MS))]))
      .finally(opened);
  }

  async function goLive(sessionStart: number): Promise<void> {
    player?.destroy();
    player = null;
    replace(
      controlsSlot,
      h(
        'div',
        { class: 'controls' },
        h('span', { class: 'badge badge-live', 'data-testid': 'live-status' }, 'Connecting…'),
        h(
          'button',
          {
            type: 'button',
            class: 'button-secondary',
            on: { click: () => ctx.navigate(replayPath(sessionId), { replace: true }) },
          },
          'Back to replay',
        ),
      ),
    );
    timelineSlot.replaceChildren();
    logSlot.replaceChildren();
    actions.replaceChildren();
    let live: ReplayerInstance | null = null;
    const cobrowse = cobrowseControls(ctx.api, sessionId, () => live);
    controlsSlot.firstElementChild?.append(cobrowse.el);
    stopCobrowse = cobrowse.stop;
    const status = controlsSlot.querySelector<HTMLElement>('[data-testid="live-status"]')!;
    const Replayer = await replayerClass;
    if (abort.signal.aborted) return;
    showOverlay(loadingState('Connecting to the live session…'));
    stopLive = startLiveView(Replayer, stage, ctx.api, sessionId, sessionStart, {
      onReplayer: (r) => {
        live = r;
      },
      onStatus: (kind, text) => {
        status.textContent = text;
        status.dataset.kind = kind;
        showOverlay(kind === 'live' ? null : kind === 'error' ? errorState(new Error(text)) : loadingState(text));
      },
      onBatch: (b) => {
        list.add(
          b.events.map((e) => ({
            offset: Math.max(0, Date.parse(e.ts) - sessionStart),
            event: { ...e, isAgent: b.isAgent },
          })),
        );
        list.setTime(Number.MAX_SAFE_INTEGER);
      },
    });
  }

  open().catch((e: unknown) => {
    if (abort.signal.aborted) return;
    if (e instanceof NoPageRecordedError)
      return showOverlay(
        emptyState(
          'This session was recorded without its page (DOM recording was off), so there is nothing to replay. Its events are listed beside.',
        ),
      );
    const gone = e instanceof ApiFailure && e.status === 404;
    showOverlay(
      gone
        ? emptyState('No such session.')
        : errorState(e, () =>
            ctx.navigate(location.pathname + location.search, { replace: true, state: history.state }),
          ),
    );
  });

  return () => {
    abort.abort();
    logs?.destroy();
    player?.destroy();
    stopCobrowse?.();
    stopLive?.();
  };
};
