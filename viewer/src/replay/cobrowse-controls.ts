import type { CobrowseStatus } from '@loupe/schemas';
import type { ApiClient } from '../api/api-client.ts';
import { h } from '../dom/h.ts';
import type { ReplayerInstance } from './load-replayer.ts';

/** How often the request's state is asked while it waits or runs. */
const POLL_MS = 300;
/** Typing is sent once it pauses this long, as one value (not a request per key). */
const TYPING_MS = 250;

/** The page's reasons for refusing an action (apply-action.ts in the recorder), in words. */
const REFUSED: Record<string, string> = {
  'no-touch': 'the page does not let the agent touch this element',
  'secret-field': 'the agent may not type into password or payment fields',
  'not-a-field': 'not a text field',
  'no-element': 'no such element on the page (it changed meanwhile)',
};

const TEXT: Record<NonNullable<CobrowseStatus['state']>, string> = {
  requested: 'Waiting for the customer to allow…',
  joined: 'Joined: your clicks, typing and scrolling act on the customer’s page',
  refused: 'The customer refused',
  ended: 'Ended',
};

/**
 * Co-browsing from the live view: "Ask to join" sends a request the customer answers on their
 * page; once they allow it, the agent's clicks, typing and wheel scrolling in the live view are
 * sent to their page by the id the replay gives each element (the recorder's mirror knows the
 * same ids). The live view keeps showing what the page really does, masked as recorded.
 */
export function cobrowseControls(api: ApiClient, sessionId: string, replayer: () => ReplayerInstance | null) {
  const path = `/v1/sessions/${encodeURIComponent(sessionId)}/cobrowse`;
  const status = h('span', { class: 'badge', 'data-testid': 'cobrowse-status' }, '');
  const notice = h('span', { class: 'muted', 'data-testid': 'cobrowse-notice', role: 'status' }, '');
  let timer: ReturnType<typeof setInterval> | undefined;
  let detach: (() => void) | undefined;
  const seen = new Set<string>();

  const send = (action: object) =>
    api.send('POST', `${path}/actions`, action).catch((e: unknown) => {
      notice.textContent = e instanceof Error ? e.message : String(e);
    });

  function attach(r: ReplayerInstance): () => void {
    r.enableInteract();
    const doc = r.iframe.contentDocument!;
    const idOf = (n: EventTarget | null) => (n ? r.getMirror().getId(n as Node) : -1);
    const typing = new Map<Element, ReturnType<typeof setTimeout>>();
    const onClick = (e: Event) => {
      e.preventDefault(); // the replay's copy of a link or a form must not act by itself
      const id = idOf(e.target);
      if (id > 0) void send({ kind: 'click', nodeId: id });
    };
    const onInput = (e: Event) => {
      const el = e.target as HTMLInputElement;
      clearTimeout(typing.get(el));
      typing.set(
        el,
        setTimeout(() => {
          const id = idOf(el);
          if (id > 0) void send({ kind: 'input', nodeId: id, value: el.value });
        }, TYPING_MS),
      );
    };
    const onWheel = (e: Event) => {
      const w = e as WheelEvent;
      const s = doc.scrollingElement ?? doc.documentElement;
      const id = idOf(doc);
      const x = Math.max(0, Math.round(s.scrollLeft + w.deltaX));
      const y = Math.max(0, Math.round(s.scrollTop + w.deltaY));
      if (id > 0) void send({ kind: 'scroll', nodeId: id, x, y });
    };
    const submit = (e: Event) => e.preventDefault();
    doc.addEventListener('click', onClick, true);
    doc.addEventListener('input', onInput, true);
    doc.addEventListener('wheel', onWheel, { capture: true, passive: true });
    doc.addEventListener('submit', submit, true);
    return () => {
      doc.removeEventListener('click', onClick, true);
      doc.removeEventListener('input', onInput, true);
      doc.removeEventListener('wheel', onWheel, true);
      doc.removeEventListener('submit', submit, true);
      r.disableInteract();
    };
  }

  function show(s: CobrowseStatus) {
    status.textContent = s.state ? TEXT[s.state] : '';
    status.dataset.state = s.state ?? '';
    for (const a of s.actions)
      if (a.status === 'refused' && !seen.has(a.actionId)) {
        seen.add(a.actionId);
        notice.textContent = `The page refused: ${REFUSED[a.reason ?? ''] ?? a.reason ?? ''}`;
      }
    const r = replayer();
    if (s.state === 'joined' && !detach && r) detach = attach(r);
    if (s.state !== 'joined' && s.state !== 'requested') stop();
    join.hidden = s.state === 'joined' || s.state === 'requested';
    end.hidden = !join.hidden;
  }

  function stop() {
    clearInterval(timer);
    timer = undefined;
    detach?.();
    detach = undefined;
  }

  const poll = () => {
    timer ??= setInterval(() => void api.get<CobrowseStatus>(path).then(show, () => {}), POLL_MS);
  };
  const join = h(
    'button',
    {
      type: 'button',
      class: 'button-secondary',
      'data-testid': 'cobrowse-join',
      on: {
        click: () => {
          notice.textContent = '';
          void api.send<CobrowseStatus>('POST', path).then((s) => {
            show(s);
            poll();
          });
        },
      },
    },
    'Ask to join',
  );
  const end = h(
    'button',
    {
      type: 'button',
      class: 'button-secondary',
      'data-testid': 'cobrowse-end',
      hidden: true,
      on: { click: () => void api.send<CobrowseStatus>('DELETE', path).then(show) },
    },
    'End co-browsing',
  );
  return { el: h('span', { class: 'cobrowse-controls' }, join, end, status, notice), stop };
}
