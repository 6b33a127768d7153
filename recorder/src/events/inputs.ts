import { listen, undoAll } from '../util/listen.ts';
import type { Observer } from './observer-context.ts';
import { elementOf, targetName } from './target-name.ts';

/** Typing is recorded once it pauses for a second (or the field loses focus), not per key. */
const INPUT_DEBOUNCE_MS = 1_000;
/** The collector's limit for captured text (LIMITS.text). */
const MAX_VALUE = 16_384;

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const isField = (el: Element | null): el is Field =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/** The raw value of a field: a checkbox's state, a radio's value, a multi-select's choices. */
function rawValue(el: Field): string {
  if (el instanceof HTMLSelectElement && el.multiple) return [...el.selectedOptions].map((o) => o.value).join(',');
  if (el instanceof HTMLInputElement && el.type === 'checkbox') return String(el.checked);
  return el.value;
}

/**
 * INPUT: a field's value, masked by the same rules as the replay (see privacy.ts); passwords and
 * other secrets are never captured. One event per field per pause in typing.
 */
export const observeInputs: Observer = ({ emit, privacy, report, deferrals }) => {
  const lastRaw = new WeakMap<Element, string>();
  const record = (el: Field) => {
    const raw = rawValue(el);
    if (lastRaw.get(el) === raw) return;
    lastRaw.set(el, raw);
    const choice = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
    // A checkbox or radio records which choice was made, as rrweb's replay shows it.
    const value = choice && !privacy.isSecret(el) ? raw : privacy.maskInput(raw, el);
    emit('INPUT', { target: targetName(el), value: value.slice(0, MAX_VALUE) });
  };
  const fieldOf = (e: Event): Field | null => {
    const el = elementOf(e.target);
    return isField(el) && !privacy.isIgnored(el) && !privacy.isBlocked(el) ? el : null;
  };
  return undoAll([
    // Remember password fields before a "show password" toggle can turn them into text.
    listen(
      document,
      'focusin',
      (e) => {
        const el = elementOf(e.target);
        if (isField(el)) privacy.isSecret(el);
      },
      report,
    ),
    listen(
      document,
      'input',
      (e) => {
        const el = fieldOf(e);
        if (el && !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked))
          deferrals.defer(el, INPUT_DEBOUNCE_MS, () => record(el), true);
      },
      report,
    ),
    listen(
      document,
      'change',
      (e) => {
        const el = fieldOf(e);
        if (!el || (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked)) return;
        deferrals.fire(el);
        record(el);
      },
      report,
    ),
  ]);
};
