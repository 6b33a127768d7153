import type { ConsoleEntry, NetworkEntry, RrwebEvent } from '@loupe/schemas';
import { REPLAY_PLUGIN } from '@loupe/schemas/wire';

/** rrweb's plugin event type: the recorder's console and network entries travel as these. */
const PLUGIN = 6;

export type LogEntry =
  | { kind: 'console'; ts: number; key: string; entry: ConsoleEntry }
  | { kind: 'network'; ts: number; key: string; entry: NetworkEntry };

/**
 * The console and network entries among replay events, each with a key that names it across
 * loads: the buffer drops and refetches windows (a far seek starts afresh), so the same entry can
 * be seen more than once. The key is its time and content, with a count for identical entries of
 * one millisecond (a loop logging one line), so those stay apart.
 */
export function logEntries(events: readonly RrwebEvent[]): LogEntry[] {
  const out: LogEntry[] = [];
  const seen = new Map<string, number>();
  for (const e of events) {
    if (e.type !== PLUGIN) continue;
    const { plugin, payload } = (e.data ?? {}) as { plugin?: string; payload?: unknown };
    const kind = plugin === REPLAY_PLUGIN.console ? 'console' : plugin === REPLAY_PLUGIN.network ? 'network' : null;
    if (!kind || !payload) continue;
    const base = `${e.timestamp}|${JSON.stringify(payload)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.push({ kind, ts: e.timestamp, key: `${base}|${n}`, entry: payload } as LogEntry);
  }
  return out;
}

/** One line of text for a console entry: its arguments side by side, as a console prints them. */
export const consoleText = (e: ConsoleEntry) => e.payload.join(' ');

/** A network entry failed: no answer at all, or a 4xx/5xx. */
export const networkFailed = (e: NetworkEntry) => e.status === 0 || e.status >= 400;
