// Records a visit for the fixture: rrweb's events as rrweb emits them, and the co-browse events of the
// visit (clicks, scrolls, inputs, selections, the page itself) in Loupe's wire shape, both with
// their real timestamps. The harness reads them back with window.__fixture.take().
import { record } from '@rrweb/record';

interface Cobrowse {
  type: string;
  ts: number;
  url?: string;
  data: Record<string, unknown>;
}

const replay: unknown[] = [];
const events: Cobrowse[] = [];
const url = () => location.href;
const push = (type: string, data: Record<string, unknown>) => events.push({ type, ts: Date.now(), url: url(), data });

/** Loupe's target naming: name or id, else a short selector. */
function targetOf(el: Element | null): string {
  if (!el) return 'document';
  const named = el.getAttribute('name') || el.id;
  if (named) return named.slice(0, 256);
  const cls = el.classList[0];
  return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`;
}

record({ emit: (e) => void replay.push(e), maskAllInputs: true });
push('PAGECHANGE', { url: url(), title: document.title.slice(0, 1024) || 'page' });
addEventListener(
  'click',
  (e) => {
    const el = e.target as Element;
    const text = (el.textContent ?? '').trim().slice(0, 80);
    push('CLICK', {
      target: targetOf(el),
      ...(text ? { text } : {}),
      x: Math.round(e.clientX),
      y: Math.round(e.clientY),
    });
  },
  true,
);
let scrollTimer = 0;
addEventListener(
  'scroll',
  () => {
    clearTimeout(scrollTimer);
    // Settled scroll positions, like the recorder's throttle: not every frame.
    scrollTimer = window.setTimeout(() => push('SCROLL', { x: Math.round(scrollX), y: Math.round(scrollY) }), 100);
  },
  { passive: true },
);
addEventListener(
  'input',
  (e) => {
    const el = e.target as HTMLInputElement;
    push('INPUT', { target: targetOf(el), value: '*'.repeat(Math.min(el.value?.length ?? 0, 64)) });
  },
  true,
);
addEventListener('submit', (e) => push('FORM', { target: targetOf(e.target as Element) }), true);
document.addEventListener('selectionchange', () => {
  const text = String(getSelection() ?? '').trim();
  if (text) push('SELECTION', { text: text.slice(0, 200) });
});

(globalThis as { __fixture?: unknown }).__fixture = {
  take: () => ({ replay, events }),
  custom: (eventType: string, value: string | number | boolean | null) => push('CUSTOM_EVENT', { eventType, value }),
};
(globalThis as { __bench?: unknown }).__bench = { ready: () => true };
