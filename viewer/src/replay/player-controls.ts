import { h } from '../dom/h.ts';
import { formatClock } from '../format.ts';
import { copyButton } from '../ui/detail-pane.ts';
import type { PlayerState } from './replay-player.ts';
import { replayPath } from './session-links.ts';

export const SPEEDS = [1, 2, 4, 8] as const;

export interface ControlHandlers {
  onPlayPause(): void;
  onSpeed(speed: number): void;
  onSkipInactive(skip: boolean): void;
}

export interface PlayerControls {
  el: HTMLElement;
  setState(state: PlayerState): void;
  /** The playhead, in ms from the session's start. */
  setTime(offset: number): void;
}

/** Play/pause, the clock, speed, skip inactivity, and a link that opens the session at the playhead. */
export function playerControls(sessionId: string, durationMs: number, on: ControlHandlers): PlayerControls {
  const play = h(
    'button',
    {
      type: 'button',
      class: 'button-primary play',
      'data-testid': 'play',
      disabled: true,
      on: { click: on.onPlayPause },
    },
    'Play',
  );
  const clock = h(
    'span',
    { class: 'clock', 'data-testid': 'clock', 'aria-live': 'off' },
    `0:00 / ${formatClock(durationMs)}`,
  );
  const speed = h(
    'select',
    { id: 'replay-speed', 'data-testid': 'speed', on: { change: () => on.onSpeed(Number(speed.value)) } },
    SPEEDS.map((s) => h('option', { value: String(s) }, `${s}x`)),
  );
  const skip = h('input', {
    type: 'checkbox',
    id: 'skip-inactive',
    checked: true,
    on: { change: () => on.onSkipInactive(skip.checked) },
  });
  let momentOffset = 0;
  const absoluteMoment = () => new URL(replayPath(sessionId, momentOffset), location.origin).href;
  const moment = h(
    'a',
    { href: replayPath(sessionId, 0), class: 'moment-link', 'data-testid': 'moment-link' },
    'Link to 0:00',
  );
  const el = h(
    'div',
    { class: 'controls' },
    play,
    clock,
    h('label', { class: 'inline', for: 'replay-speed' }, 'Speed ', speed),
    h('label', { class: 'inline', for: 'skip-inactive' }, skip, ' Skip inactivity'),
    h('span', { class: 'moment' }, moment, copyButton(absoluteMoment, 'Copy link')),
  );
  let lastSecond = -1;
  return {
    el,
    setState(state) {
      play.disabled = state === 'loading';
      const playing = state === 'playing' || state === 'buffering';
      play.textContent = playing ? 'Pause' : state === 'ended' ? 'Replay' : 'Play';
      play.setAttribute('aria-pressed', String(playing));
    },
    setTime(offset) {
      const second = Math.floor(offset / 1000);
      if (second === lastSecond) return;
      lastSecond = second;
      momentOffset = second * 1000;
      clock.textContent = `${formatClock(offset)} / ${formatClock(durationMs)}`;
      moment.href = replayPath(sessionId, momentOffset);
      moment.textContent = `Link to ${formatClock(momentOffset)}`;
    },
  };
}
