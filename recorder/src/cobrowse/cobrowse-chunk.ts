// The entry of dist/recorder-cobrowse.js, loaded by the rrweb chunk only when an agent asks to join
// this page's session (watch-joins.ts). Registering itself is its only side effect at load.
import { apply, refusal, type ActionMessage } from './apply-action.ts';
import { COBROWSE_GLOBAL, type CobrowseContext, type WithCobrowse } from './cobrowse-global.ts';
import { agentCursor, askConsent, joinedBar, siteCobrowse } from './consent-prompt.ts';

const running = new Set<string>();

/**
 * One join, from the request to its end: asks the customer, then applies the agent's actions
 * that the collector streams down, reports each one's fate, and ends when either side ends it.
 */
function startCobrowse(ctx: CobrowseContext): void {
  if (running.has(ctx.sessionId)) return;
  running.add(ctx.sessionId);
  const auth = `&sid=${encodeURIComponent(ctx.sessionId)}&ss=${encodeURIComponent(ctx.secret)}`;
  const base = ctx.ingest.replace('/v1/ingest?', '/v1/ingest/cobrowse?');
  const source = new EventSource(base + auth);
  let requestId = '';
  let joined = false;
  let ui: HTMLElement[] = [];
  const post = (body: object) =>
    fetch(`${base}&ss=${encodeURIComponent(ctx.secret)}`, {
      method: 'POST',
      body: JSON.stringify({ sessionId: ctx.sessionId, requestId, ...body }),
      credentials: 'omit',
      headers: { 'Content-Type': 'text/plain' },
    }).catch(ctx.report);
  const close = () => {
    joined = false;
    source.close();
    for (const el of ui) el.remove();
    ui = [];
    running.delete(ctx.sessionId);
  };
  const on = (type: string, handle: (data: Record<string, unknown>) => void) =>
    source.addEventListener(type, (m) => {
      try {
        handle(JSON.parse((m as MessageEvent<string>).data) as Record<string, unknown>);
      } catch (e) {
        ctx.report(e);
      }
    });

  const join = () => {
    joined = true;
    ui = [agentCursor(), joinedBar(String(agentName), () => (post({ kind: 'end' }), close()))];
  };
  let agentName = 'An agent';
  on('join', (d) => {
    if (requestId) return;
    requestId = String(d.requestId);
    agentName = String(d.agent);
    if (d.state === 'joined') return join();
    askConsent(agentName).then((yes) => {
      post({ kind: yes ? 'consent' : 'refuse' });
      if (yes) join();
      else close();
    }, ctx.report);
  });
  on('action', (d) => {
    const m = d as unknown as ActionMessage;
    if (!joined || m.requestId !== requestId) return;
    const node = ctx.nodeById(m.nodeId);
    const el = node?.nodeType === 9 ? document.documentElement : (node as Element | null);
    const why = el?.nodeType === 1 ? refusal(el, m, siteCobrowse()?.noTouch) : 'no-element';
    if (why || !el) return void post({ kind: 'refused', actionId: m.actionId, reason: why });
    const r = el.getBoundingClientRect();
    const cursor = ui[0]!;
    cursor.style.left = `${r.left + r.width / 2}px`;
    cursor.style.top = `${r.top + r.height / 2}px`;
    apply(el, m);
    const value = m.kind === 'input' ? { value: ctx.maskInput(m.value ?? '', el) } : {};
    // Named by its name or id as the customer's events name it (targetName, whose selector
    // fallback is left out here for size: an element with neither is named by its tag).
    const target = el.getAttribute('name') || (el.id ? `#${el.id}` : el.localName);
    post({ kind: 'applied', actionId: m.actionId, target: target.slice(0, 256), ...value });
  });
  on('end', (d) => {
    if (d.requestId === requestId) close();
  });
}

(globalThis as WithCobrowse)[COBROWSE_GLOBAL] = startCobrowse;
