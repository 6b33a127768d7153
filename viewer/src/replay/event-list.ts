import type { CobrowseCore } from '@loupe/schemas';
import { h } from '../dom/h.ts';
import { formatClock } from '../format.ts';
import { describeEvent } from './event-text.ts';

export interface EventList {
  el: HTMLElement;
  setTime(offset: number): void;
  /** Live view: events arriving as they happen. */
  add(events: readonly { offset: number; event: CobrowseCore & { isAgent?: boolean } }[]): void;
}

/**
 * The session's co-browse events beside the replay. The last event at or before the playhead is
 * highlighted and kept in view; clicking one jumps the replay there.
 */
export function eventList(onPick: (offset: number) => void): EventList {
  const offsets: number[] = [];
  const rows: HTMLElement[] = [];
  const list = h('ol', { class: 'event-list', 'aria-label': 'Events' });
  const empty = h('p', { class: 'muted event-list-empty', hidden: true }, 'No events were recorded in this session.');
  const el = h(
    'div',
    { class: 'event-panel', 'data-testid': 'event-list' },
    h('h2', { class: 'panel-title' }, 'Events'),
    empty,
    list,
  );
  let currentIndex = -1;

  function keepInView(row: HTMLElement): void {
    // Scroll the list only, never the page the viewer is reading (the list is the rows' offsetParent).
    const top = row.offsetTop;
    if (top < list.scrollTop || top + row.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = top - list.clientHeight / 3;
  }

  return {
    el,
    add(items) {
      for (const { offset, event } of items) {
        const d = describeEvent(event);
        const row = h(
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
        offsets.push(offset);
        rows.push(row);
        list.append(row);
      }
      empty.hidden = rows.length > 0;
    },
    setTime(offset) {
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
      if (found === currentIndex) return;
      rows[currentIndex]?.classList.remove('current');
      rows[currentIndex]?.removeAttribute('aria-current');
      currentIndex = found;
      const row = rows[found];
      if (!row) return;
      row.classList.add('current');
      row.setAttribute('aria-current', 'true');
      keepInView(row);
    },
  };
}
