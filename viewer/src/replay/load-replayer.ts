import type { Replayer } from '@rrweb/replay';

export type ReplayerClass = typeof Replayer;
export type ReplayerInstance = Replayer;
export type ReplayerEvents = ConstructorParameters<ReplayerClass>[0];

/**
 * rrweb's replayer is most of the viewer's weight, so it is its own chunk, fetched when a replay
 * opens. Recorded pages are rebuilt in rrweb's sandboxed iframe (`sandbox="allow-same-origin"`,
 * no scripts); nothing here may turn on UNSAFE_replayCanvas, which would add allow-scripts.
 */
export function loadReplayer(): Promise<ReplayerClass> {
  return import('@rrweb/replay').then((m) => m.Replayer);
}

/** Options every replayer of the viewer uses. */
export const SAFE_REPLAYER_OPTIONS = {
  UNSAFE_replayCanvas: false,
  mouseTail: false,
  showWarning: false,
  // Focusing recorded inputs would pull the viewer's keyboard focus into the iframe.
  triggerFocus: false,
  pauseAnimation: true,
} as const;
