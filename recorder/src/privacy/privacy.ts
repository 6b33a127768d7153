import type { Report } from '../util/report.ts';
import { BLOCK, EDITABLE, IGNORE, MASK, UNMASK, withExtra } from './selectors.ts';
import { createSecretFields } from './secret-fields.ts';

export interface PrivacyOptions {
  maskAllInputs: boolean;
  maskText: boolean;
  blockSelector?: string | undefined;
  maskSelector?: string | undefined;
  ignoreSelector?: string | undefined;
  unmaskSelector?: string | undefined;
}

/**
 * One set of masking rules for both outputs: rrweb calls `maskInput` for every field value it
 * records, and the INPUT, CLICK and SELECTION events call the same functions, so a value hidden in
 * the replay is hidden in the co-browse log too.
 */
export interface Privacy {
  /** A field's value as it may be recorded. */
  maskInput(value: string, el: Element): string;
  /** Page text as it may be recorded: masked inside `.loupe-mask` or everywhere with `maskText`. */
  maskText(text: string, el: Element): string;
  isBlocked(el: Element): boolean;
  /** Interaction with ignored elements is not recorded (they still appear in the replay). */
  isIgnored(el: Element): boolean;
  isSecret(el: Element): boolean;
  /** The same rules in rrweb's terms (record-dom.ts extends the ignore selector to descendants). */
  rrweb: { blockSelector: string; maskTextSelector: string; ignoreSelector: string };
}

/** Secrets are masked to a fixed width, so not even their length is recorded. */
const SECRET_MASK = '********';
export const maskChars = (s: string) => s.replace(/\S/g, '*');

export function createPrivacy(o: PrivacyOptions, report: Report): Privacy {
  const block = withExtra(BLOCK, o.blockSelector, report);
  const mask = withExtra(o.maskAllInputs ? `${MASK},${EDITABLE}` : MASK, o.maskSelector, report);
  const ignore = withExtra(IGNORE, o.ignoreSelector, report);
  const unmask = withExtra(UNMASK, o.unmaskSelector, report);
  const { isSecret } = createSecretFields();
  const inside = (el: Element, selector: string) => el.closest(selector) !== null;
  const textMasked = (el: Element) => o.maskText || inside(el, mask) || inside(el, block);
  return {
    maskInput(value, el) {
      if (!value) return value;
      if (isSecret(el)) return SECRET_MASK;
      if (textMasked(el)) return '*'.repeat(value.length);
      if (inside(el, unmask)) return value;
      return o.maskAllInputs ? '*'.repeat(value.length) : value;
    },
    maskText: (text, el) => (textMasked(el) ? maskChars(text) : text),
    isBlocked: (el) => inside(el, block),
    isIgnored: (el) => inside(el, ignore),
    isSecret,
    rrweb: {
      blockSelector: block,
      maskTextSelector: o.maskText ? '*' : mask,
      ignoreSelector: ignore,
    },
  };
}
