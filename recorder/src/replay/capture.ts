import { maskChars } from '../privacy/privacy.ts';
import { captureConsole } from './console-capture.ts';
import { maskPersonal } from './console-text.ts';
import { captureNetwork } from './network-capture.ts';
import type { DomRecordingConfig, RrwebEvent } from './record-dom.ts';

/**
 * A flag given as an option (a boolean) or as the script tag's `data-*` attribute (text: on unless
 * "false" or "0", as the loader reads its own flags); the option wins.
 */
function flag(config: DomRecordingConfig, name: 'captureConsole' | 'captureNetwork', fallback: boolean): boolean {
  const v = config[name] ?? config.data?.[name];
  return v === undefined ? fallback : v !== false && v !== 'false' && v !== '0';
}

/**
 * Starts what the replay records beside the DOM: the console (on unless `captureConsole` is
 * false) and network timings (off unless `captureNetwork` is set). Console text is masked like
 * page text: all of it with `maskText`, else what looks like an e-mail address or a card number.
 */
export function startCapture(config: DomRecordingConfig, emit: (e: RrwebEvent) => void, now: () => number): () => void {
  const offs: (() => void)[] = [];
  if (flag(config, 'captureConsole', true))
    offs.push(captureConsole(emit, config.maskText ? maskChars : maskPersonal, now));
  if (flag(config, 'captureNetwork', false) && config.endpoint)
    offs.push(captureNetwork(emit, new URL('v1/', config.endpoint.replace(/\/*$/, '/')).href, config.sanitizeUrl, now));
  return () => offs.forEach((off) => off());
}
