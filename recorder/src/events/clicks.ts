import { listen } from '../util/listen.ts';
import { px, type Observer } from './observer-context.ts';
import { elementOf, targetName } from './target-name.ts';

/** What a person means to click: the control around the icon or span the pointer hit. */
const CONTROL =
  'a,button,input,select,textarea,label,summary,option,[role=button],[role=link],[role=tab],[role=menuitem],[role=checkbox]';
/** Visible label length kept with a click: enough to recognise the button. */
const MAX_TEXT = 100;
/** Fields and big containers: their text is either private (a field) or not a label (a layout box). */
const NO_TEXT = /^(input|textarea|select|html|body)$/;

function label(el: Element): string {
  if (NO_TEXT.test(el.localName)) {
    const input = el as HTMLInputElement;
    return el.localName === 'input' && /^(submit|button|reset)$/.test(input.type) ? input.value : '';
  }
  // textContent, not innerText: innerText forces a layout, and we run inside the page's click.
  if (!el.matches(CONTROL) && el.childElementCount > 5) return '';
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

/** CLICK: the element (name/id/selector), its label, and where on the page. */
export const observeClicks: Observer = ({ emit, privacy, report }) =>
  listen(
    document,
    'click',
    (e) => {
      // Clicks a script fires (`el.click()`) are not a person's action.
      if (!e.isTrusted) return;
      const hit = elementOf(e.target);
      if (!hit || privacy.isIgnored(hit)) return;
      const el = hit.closest(CONTROL) ?? hit;
      const data: { target: string; text?: string; x?: number; y?: number } = { target: targetName(el) };
      const text = privacy.isBlocked(el) ? '' : privacy.maskText(label(el), el);
      if (text) data.text = text;
      const m = e as MouseEvent;
      // detail 0: a keyboard activation, which has no pointer position.
      if (m.detail > 0) {
        data.x = px(m.pageX);
        data.y = px(m.pageY);
      }
      emit('CLICK', data);
    },
    report,
  );
