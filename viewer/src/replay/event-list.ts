import type { CobrowseCore } from '@loupe/schemas';
import { h } from '../dom/h.ts';
import { formatClock } from '../format.ts';
import { describeEvent } from './event-text.ts';

export interface EventList {
  el: HTMLElement;
  setTime(offset: number): void;
  /** Events in time order, a page at a time (and live: as they happen); rows are drawn in slices. */
  add(events: readonly { offset: number; event: CobrowseCore & { isAgent?: boolean } }[]): void;
  /** Every event is in: an empty list now says so. */
  finish(): void;
}

/** Rows drawn per task: a long session's 10,000 events never block the page (or the replay's first frame) at once. */
const ROWS_PER_SLICE = 300;

/**
 * The session's co-browse events beside the replay. The last event at or before the playhead is
 * highlighted and kept in view; clicking one jumps the replay there.
 */
export function eventList(onPick: (offset: number) => void): EventList {
  const offsets: number[] = [];
  const rows: HTMLElement[] = [];
  const pending: { offset: number; event: CobrowseCore & { isAgent?: boolean } }[] = [];
  let drawing = false;
  let finished = false;
  let playhead = -Infinity;
  const list = h('ol', { class: 'event-list', 'aria-label': 'Events' });
  const empty = h('p', { class: 'muted event-list-empty', hidden: true }, 'No events were recorded in this session.');
  const el = h(
    'div',
    { class: 'event-panel', 'data-testid': 'event-list' },
    h('h2', { class: 'panel-title' }, 'Events'),
    empty,
    list,
  );
  function keepInView(row: HTMLElement): void {
    // Scroll the list only, never the page the viewer is reading (the list is the rows' offsetParent).
    const top = row.offsetTop;
    if (top < list.scrollTop || top + row.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = top - list.clientHeight / 3;
  }

  function row(offset: number, event: CobrowseCore & { isAgent?: boolean }): HTMLElement {
    const d = describeEvent(event);
    return h(
      'li',
      { class: 'event-row', 'data-type': event.type },
      h(
        'button',
        { type: 'button', class: 'event-button', on: { click: () => onPick(offset) } },
        h('span', { class: 'event-time' }, formatClock(offset)),
        h('span', { class: 'badge', 'data-type': event.type }, d.label),
        event.isAgent ? h('span', { class: 'badge badge-agent' }, 'Agent') : null,
        h('span', { class: 'event-detail' }, d.detail),
      ),
    );
  }

  function drawSlice(): void {
    const slice = pending.splice(0, ROWS_PER_SLICE);
    const frag = document.createDocumentFragment();
    for (const { offset, event } of slice) {
      const r = row(offset, event);
      rows.push(r);
      frag.append(r);
    }
    list.append(frag);
    // The row of the playhead may just have been drawn.
    if (currentIndex >= rows.length - slice.length || currentIndex < 0) highlight(playhead, true);
    if (pending.length) setTimeout(drawSlice, 0);
    else drawing = false;
  }

  let currentIndex = -1;
  function highlight(offset: number, force = false): void {
    // Events are in time order: find the last one at or before the playhead.
    let lo = 0;
    let hi = offsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found === currentIndex && !force) return;
    rows[currentIndex]?.classList.remove('current');
    rows[currentIndex]?.removeAttribute('aria-current');
    currentIndex = found;
    const r = rows[found];
    if (!r) return;
    r.classList.add('current');
    r.setAttribute('aria-current', 'true');
    keepInView(r);
  }

  const showEmpty = () => {
    empty.hidden = !finished || offsets.length > 0;
  };

  return {
    el,
    add(items) {
      for (const item of items) {
        offsets.push(item.offset);
        pending.push(item);
      }
      showEmpty();
      if (!drawing && pending.length) {
        drawing = true;
        // The first slice at once: a short session's list is whole before anything else runs.
        drawSlice();
      }
    },
    finish() {
      finished = true;
      showEmpty();
    },
    setTime(offset) {
      playhead = offset;
      highlight(offset);
    },
  };
}
