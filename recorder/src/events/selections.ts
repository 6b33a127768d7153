import { listen } from '../util/listen.ts';
import type { Observer } from './observer-context.ts';
import { elementOf, targetName } from './target-name.ts';

/** A selection is recorded once the pointer or keys have rested on it this long. */
const SELECTION_SETTLE_MS = 600;
const MAX_TEXT = 16_384;

/** The selected text of a focused field, which `getSelection()` does not report in every browser. */
function fieldSelection(): { text: string; el: Element } | null {
  const el = document.activeElement;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return null;
  // Inputs without a selection API (e.g. type=email) answer null (they threw before 2017's browsers).
  const { selectionStart: a, selectionEnd: b } = el;
  return a !== null && b !== null && b > a ? { text: el.value.slice(a, b), el } : null;
}

/** SELECTION: selected text, masked like inputs and page text; nothing from secret fields. */
export const observeSelections: Observer = ({ emit, privacy, report, deferrals }) => {
  let last = '';
  const check = () => {
    const field = fieldSelection();
    let raw: string;
    let el: Element | null;
    if (field) {
      if (privacy.isSecret(field.el)) return;
      ({ text: raw, el } = field);
    } else {
      const sel = getSelection();
      if (!sel || sel.isCollapsed || sel.rangeCount === 0) return void (last = '');
      el = elementOf(sel.getRangeAt(0).commonAncestorContainer);
      raw = sel.toString();
    }
    raw = raw.trim().slice(0, MAX_TEXT);
    if (!el || !raw || raw === last || privacy.isIgnored(el) || privacy.isBlocked(el)) return;
    last = raw;
    const text = field ? privacy.maskInput(raw, el) : privacy.maskText(raw, el);
    emit('SELECTION', { text, target: targetName(el) });
  };
  return listen(document, 'selectionchange', () => deferrals.defer(check, SELECTION_SETTLE_MS, check, true), report);
};
