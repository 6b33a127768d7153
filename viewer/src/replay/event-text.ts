import type { CobrowseCore, SessionEvent } from '@loupe/schemas';
import { COBROWSE_LABELS } from '../vocabulary.ts';

const quote = (s: string) => `“${s}”`;

/** One line about a co-browse event (seed 002's Data column), as plain text for text nodes. */
export function describeEvent(e: CobrowseCore): { label: string; detail: string } {
  const label = COBROWSE_LABELS[e.type] ?? e.type;
  switch (e.type) {
    case 'CLICK':
      return { label, detail: e.data.text ? `${e.data.target} ${quote(e.data.text)}` : e.data.target };
    case 'SCROLL':
      return { label, detail: `${e.data.target ?? 'page'} to ${e.data.x}, ${e.data.y}` };
    case 'INPUT':
      return { label, detail: `${e.data.target}: ${quote(e.data.value)}` };
    case 'FORM':
      return { label, detail: e.data.target };
    case 'PAGECHANGE':
      return { label, detail: e.data.title ? `${e.data.title} (${e.data.url})` : e.data.url };
    case 'SELECTION':
      return { label, detail: quote(e.data.text) };
    case 'CUSTOM_EVENT':
      return {
        label,
        detail: `${e.data.eventType}: ${typeof e.data.value === 'string' ? e.data.value : JSON.stringify(e.data.value)}`,
      };
    default:
      return { label, detail: JSON.stringify((e as { data: unknown }).data) };
  }
}

/** The types that get a marker on the timeline: the moments people jump to. Scrolls and selections would bury them. */
export const MARKER_TYPES: ReadonlySet<SessionEvent['type']> = new Set([
  'CLICK',
  'INPUT',
  'FORM',
  'PAGECHANGE',
  'CUSTOM_EVENT',
]);
