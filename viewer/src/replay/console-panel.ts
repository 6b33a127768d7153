import type { RrwebEvent } from '@loupe/schemas';
import { h } from '../dom/h.ts';
import { formatClock } from '../format.ts';
import { consoleText, type LogEntry, logEntries, networkFailed } from './replay-log.ts';
import type { Marker } from './timeline.ts';

/** Where the panel reads the replay's events: the buffer, which loads windows as the replay needs them. */
export interface LogSource {
  readonly events: readonly RrwebEvent[];
  onAppend(listener: (events: RrwebEvent[]) => void): () => void;
}

export interface ConsolePanel {
  el: HTMLElement;
  /** The playhead, in ms from the session's start: entries up to it are shown, the last one marked. */
  setTime(offset: number): void;
  destroy(): void;
}

type Kind = LogEntry['kind'];
interface Row {
  offset: number;
  el: HTMLElement;
}

/**
 * The page's console and network requests beside the replay, as the page had them at the
 * playhead: entries after it are not shown yet (a console shows what has been logged so far), the
 * last one shown is marked and kept in view, and a click seeks there. Console errors and failed
 * requests become markers on the timeline. Entries come from the replay's own events (rrweb plugin events), so
 * the panel knows those of the windows loaded so far; it keeps every entry it has seen, across
 * the buffer's reloads.
 */
export function consolePanel(
  source: LogSource,
  sessionStart: number,
  durationMs: number,
  onPick: (offset: number) => void,
  /** Markers for the timeline: console errors and failed requests, as they are found. */
  onErrors: (markers: Marker[]) => void,
): ConsolePanel {
  const known = new Set<string>();
  const rows: Record<Kind, Row[]> = { console: [], network: [] };
  const shown: Record<Kind, number> = { console: 0, network: 0 };
  let playhead = 0;
  let scanned: readonly RrwebEvent[] | null = null;
  let tab: Kind = 'console';

  const lists = {
    console: h('ol', { class: 'log-list', role: 'tabpanel', 'aria-label': 'Console', 'data-testid': 'console-list' }),
    network: h('ol', {
      class: 'log-list',
      role: 'tabpanel',
      'aria-label': 'Network',
      'data-testid': 'network-list',
      hidden: true,
    }),
  };
  const counts = { console: h('span', { class: 'log-count' }), network: h('span', { class: 'log-count' }) };
  const empty = h('p', { class: 'muted log-empty' });
  const tabButton = (kind: Kind, label: string) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        class: 'log-tab',
        'aria-selected': kind === tab ? 'true' : 'false',
        'data-testid': `${kind}-tab`,
        on: { click: () => select(kind) },
      },
      label,
      counts[kind],
    );
  const tabs = { console: tabButton('console', 'Console'), network: tabButton('network', 'Network') };
  const el = h(
    'section',
    { class: 'log-panel', 'data-testid': 'replay-log', 'aria-label': 'Console and network' },
    h('div', { class: 'log-tabs', role: 'tablist' }, tabs.console, tabs.network),
    lists.console,
    lists.network,
    empty,
  );

  function select(kind: Kind): void {
    tab = kind;
    for (const k of ['console', 'network'] as const) {
      tabs[k].setAttribute('aria-selected', String(k === kind));
      lists[k].hidden = k !== kind;
    }
    render();
  }

  const offsetOf = (ts: number) => Math.min(Math.max(ts - sessionStart, 0), durationMs);

  function row(e: LogEntry, offset: number): HTMLElement {
    const time = h('span', { class: 'log-time' }, formatClock(offset));
    if (e.kind === 'console') {
      const c = e.entry;
      return h(
        'li',
        { class: 'log-row', 'data-level': c.level, 'data-offset': offset },
        h(
          'button',
          { type: 'button', class: 'log-button', on: { click: () => onPick(offset) } },
          time,
          h('span', { class: 'log-level' }, c.level),
          h('span', { class: 'log-text' }, consoleText(c)),
        ),
        c.trace.length ? h('pre', { class: 'log-trace' }, c.trace.join('\n')) : null,
      );
    }
    const n = e.entry;
    return h(
      'li',
      { class: 'log-row', 'data-failed': networkFailed(n) ? 'true' : 'false', 'data-offset': offset },
      h(
        'button',
        { type: 'button', class: 'log-button', on: { click: () => onPick(offset) } },
        time,
        h('span', { class: 'log-method' }, n.method),
        h('span', { class: 'log-status' }, n.status === 0 ? 'failed' : String(n.status)),
        h('span', { class: 'log-text log-url' }, n.url),
        h('span', { class: 'log-duration' }, `${Math.round(n.durationMs)} ms`),
      ),
    );
  }

  /** Takes the entries of events the panel has not seen yet, in time order with those it has. */
  function scan(): void {
    if (source.events === scanned) return;
    scanned = source.events;
    const errors: Marker[] = [];
    const added: Record<Kind, Row[]> = { console: [], network: [] };
    for (const e of logEntries(scanned)) {
      if (known.has(e.key)) continue;
      known.add(e.key);
      const offset = offsetOf(e.ts);
      added[e.kind].push({ offset, el: row(e, offset) });
      if (e.kind === 'console' && e.entry.level === 'error')
        errors.push({ offset, type: 'console-error', label: `Console error: ${consoleText(e.entry).slice(0, 120)}` });
      else if (e.kind === 'network' && networkFailed(e.entry))
        errors.push({
          offset,
          type: 'network-error',
          label: `Request failed: ${e.entry.method} ${e.entry.url.slice(0, 100)} ${e.entry.status || 'no answer'}`,
        });
    }
    for (const kind of ['console', 'network'] as const) {
      if (!added[kind].length) continue;
      // Stable: entries of one moment keep the recorder's order.
      const all = rows[kind].concat(added[kind]).sort((a, b) => a.offset - b.offset);
      rows[kind] = all;
      lists[kind].replaceChildren(...all.map((r) => r.el));
      shown[kind] = -1; // redraw the visibility of every row
    }
    if (errors.length) onErrors(errors);
  }

  /** Shows the rows up to the playhead, marks the last one and keeps it in view. */
  function render(): void {
    for (const kind of ['console', 'network'] as const) {
      const list = rows[kind];
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.offset <= playhead) lo = mid + 1;
        else hi = mid;
      }
      const before = shown[kind];
      if (before === lo) continue;
      if (before < 0)
        list.forEach((r, i) => {
          r.el.hidden = i >= lo;
          r.el.classList.remove('current');
        });
      else for (let i = Math.min(before, lo); i < Math.max(before, lo); i++) list[i]!.el.hidden = i >= lo;
      list[before - 1]?.el.classList.remove('current');
      list[lo - 1]?.el.classList.add('current');
      shown[kind] = lo;
      counts[kind].textContent = lo ? String(lo) : '';
      const last = list[lo - 1]?.el;
      const box = lists[kind];
      if (last && !box.hidden) box.scrollTop = last.offsetTop + last.offsetHeight - box.clientHeight;
    }
    empty.hidden = shown[tab] > 0;
    empty.textContent =
      tab === 'console'
        ? 'Nothing logged up to this moment.'
        : 'No requests recorded up to this moment. Network timings are recorded only where the site turns them on (captureNetwork).';
  }

  const unsubscribe = source.onAppend(() => {
    scan();
    render();
  });
  scan();
  render();
  return {
    el,
    setTime(offset) {
      playhead = offset;
      scan();
      render();
    },
    destroy: unsubscribe,
  };
}
