import { h } from '../dom/h.ts';
import { formatClock } from '../format.ts';
import { markerPlaces } from './marker-lanes.ts';

export interface Marker {
  /** Milliseconds from the session's start. */
  offset: number;
  type: string;
  label: string;
}

export interface Timeline {
  el: HTMLElement;
  setTime(offset: number): void;
  /** More markers, as the session's events arrive page by page. */
  addMarkers(markers: readonly Marker[]): void;
}

const KEY_STEP_MS = 5_000;
/** A marker's width on the track (replay.css) and a little room, in pixels. */
const MARKER_SPAN_PX = 16;
/** The track's width before it is laid out (the phone layout's): markers then count as wider, never narrower. */
const UNLAID_TRACK_PX = 320;

/**
 * The scrubber: a slider over the session's length with a marker per notable event. Clicking or
 * dragging the track seeks; a marker seeks to its event's moment; arrows step five seconds.
 */
export function timeline(durationMs: number, markers: readonly Marker[], onSeek: (offset: number) => void): Timeline {
  const length = Math.max(1, durationMs);
  const pct = (offset: number) => `${(Math.min(Math.max(offset, 0), length) / length) * 100}%`;
  const fill = h('div', { class: 'timeline-fill' });
  const head = h('div', { class: 'timeline-head' });
  const track = h('div', { class: 'timeline-track' }, fill, head);
  const slider = h(
    'div',
    {
      class: 'timeline',
      role: 'slider',
      tabindex: 0,
      'aria-label': 'Playhead',
      'aria-valuemin': 0,
      'aria-valuemax': Math.round(durationMs),
      'aria-valuenow': 0,
      'data-testid': 'timeline',
    },
    track,
  );
  let current = 0;
  const offsetAt = (clientX: number) => {
    const r = track.getBoundingClientRect();
    return Math.round(((clientX - r.left) / Math.max(1, r.width)) * length);
  };
  slider.addEventListener('pointerdown', (e) => {
    if ((e.target as Element).closest('.marker')) return;
    slider.setPointerCapture(e.pointerId);
    onSeek(offsetAt(e.clientX));
    const move = (m: PointerEvent) => onSeek(offsetAt(m.clientX));
    const up = () => {
      slider.removeEventListener('pointermove', move);
      slider.removeEventListener('pointerup', up);
    };
    slider.addEventListener('pointermove', move);
    slider.addEventListener('pointerup', up);
  });
  slider.addEventListener('keydown', (e) => {
    const to =
      e.key === 'ArrowRight'
        ? current + KEY_STEP_MS
        : e.key === 'ArrowLeft'
          ? current - KEY_STEP_MS
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? length
              : null;
    if (to === null) return;
    e.preventDefault();
    onSeek(Math.min(Math.max(to, 0), length));
  });
  function addMarkers(more: readonly Marker[]): void {
    const frag = document.createDocumentFragment();
    for (const m of more) {
      const b = h('button', {
        type: 'button',
        class: 'marker',
        'data-type': m.type,
        'data-offset': Math.round(m.offset),
        title: `${formatClock(m.offset)} ${m.label}`,
        'aria-label': `${m.label} at ${formatClock(m.offset)}`,
        on: { click: () => onSeek(m.offset) },
      });
      frag.append(b);
    }
    track.append(frag);
    // Placed by spread(), which knows the markers around it.
    spread();
  }
  /** Markers of nearby moments go in separate rows, never one under another (marker-lanes.ts), at the track's width now. */
  function spread(): void {
    const all = [...track.querySelectorAll<HTMLElement>('.marker')];
    const width = track.clientWidth || UNLAID_TRACK_PX;
    const places = markerPlaces(
      all.map((b) => Number(b.dataset.offset)),
      (length * MARKER_SPAN_PX) / width,
      length,
    );
    all.forEach((b, i) => {
      b.dataset.lane = String(places[i]!.lane);
      b.style.left = pct(places[i]!.at);
    });
  }
  addMarkers(markers);
  // A narrower track (a phone turned, a panel opened) brings markers closer: spread them again.
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(spread).observe(track);
  return {
    el: slider,
    addMarkers,
    setTime(offset) {
      current = offset;
      fill.style.width = pct(offset);
      head.style.left = pct(offset);
      slider.setAttribute('aria-valuenow', String(Math.round(offset)));
      slider.setAttribute('aria-valuetext', `${formatClock(offset)} of ${formatClock(durationMs)}`);
    },
  };
}
