import type { IntegrationItem, IntegrationStateName, Page as ApiPage } from '@loupe/schemas';
import { describeError } from '../api/api-client.ts';
import type { AppContext } from '../app-context.ts';
import { h, replace } from '../dom/h.ts';
import { safeHttpUrl } from '../dom/safe-url.ts';
import { errorState, loadingState, notice } from '../ui/states.ts';
import { timeText } from '../ui/time-text.ts';
import { INTEGRATION_STATE_LABELS } from '../vocabulary.ts';

const statusText = (code: number | null) => (code === null ? '–' : code === 0 ? 'no answer' : String(code));

/** The broken items of one application: one Reauthorise reconnects every bot's nodes to it. */
function byApplication(items: readonly IntegrationItem[]): Map<string, IntegrationItem[]> {
  const groups = new Map<string, IntegrationItem[]>();
  for (const i of items) groups.set(i.application, [...(groups.get(i.application) ?? []), i]);
  return groups;
}

/**
 * Seed 001's Reauthorise: the click is audited by the collector, which answers the platform's
 * re-authorisation URL; that opens in a new tab (the click's user activation still holds).
 */
async function reauthorise(ctx: AppContext, name: string, button: HTMLButtonElement, say: HTMLElement): Promise<void> {
  button.disabled = true;
  try {
    const { reauthorizeUrl } = await ctx.api.send<{ reauthorizeUrl: string }>('POST', '/v1/integrations/reauthorize', {
      name,
    });
    const url = safeHttpUrl(reauthorizeUrl);
    if (!url) throw new Error(`the re-authorisation address of ${name} is not an http(s) URL`);
    window.open(url, '_blank', 'noopener,noreferrer');
    replace(
      say,
      notice('ok', `Opened the re-authorisation page of ${name}. The flag clears on its next successful call.`),
    );
  } catch (e) {
    replace(say, notice('error', describeError(e)));
  } finally {
    button.disabled = false;
  }
}

function reauthAction(ctx: AppContext, first: IntegrationItem): HTMLElement {
  const say = h('span', { class: 'reauth-said' });
  if (!first.reauthorizeUrl)
    return h('span', { class: 'muted small' }, ' · not registered by the platform, so there is no Reauthorise link');
  if (!ctx.can('reauthorize'))
    return h('span', { class: 'muted small' }, ' · an Owner or a Bot Builder can reauthorise it');
  const button = h(
    'button',
    { type: 'button', class: 'button-primary reauthorise', 'data-testid': 'reauthorise' },
    'Reauthorise',
  );
  button.addEventListener('click', () => void reauthorise(ctx, first.application, button, say));
  return h('span', { class: 'reauth-action' }, button, say);
}

function reauthList(ctx: AppContext, broken: readonly IntegrationItem[]): HTMLElement {
  const groups = byApplication(broken);
  return h(
    'section',
    { class: 'callout callout-warning reauth', 'aria-labelledby': 'reauth-title' },
    h(
      'h2',
      { id: 'reauth-title' },
      groups.size === 1 ? 'An integration needs re-authorisation' : `${groups.size} integrations need re-authorisation`,
    ),
    h(
      'p',
      null,
      'Calls to these applications were refused (401 or 403): the access the bots use has expired or was revoked. ',
      h('strong', null, 'The flag clears by itself on the next successful call.'),
    ),
    h(
      'ul',
      { class: 'reauth-list' },
      [...groups].map(([application, items]) =>
        h(
          'li',
          {
            'data-testid': 'reauth-item',
            'data-application': application,
            'data-bot': items.map((i) => i.bot).join(', '),
          },
          h('strong', null, application),
          items[0]!.kind ? h('span', { class: 'muted' }, ` (${items[0]!.kind})`) : null,
          ' for ',
          h('strong', null, items.map((i) => i.bot).join(', ')),
          h(
            'span',
            { class: 'muted' },
            ' · since ',
            timeText(items[0]!.since),
            ' · last status ',
            h('code', null, statusText(items[0]!.lastStatus)),
          ),
          ' ',
          reauthAction(ctx, items[0]!),
        ),
      ),
    ),
  );
}

function summaryText(items: readonly IntegrationItem[]): string {
  const counts = new Map<IntegrationStateName, number>();
  for (const i of items) counts.set(i.state, (counts.get(i.state) ?? 0) + 1);
  if (counts.size === 1 && counts.has('healthy')) return `All ${items.length} integrations healthy`;
  return [...counts].map(([state, n]) => `${n} ${INTEGRATION_STATE_LABELS[state].toLowerCase()}`).join(' · ');
}

/**
 * Every integration with its state, folded away unless one is failing. A list, not a table: the
 * call list below stays the page's only table.
 */
function integrationList(items: readonly IntegrationItem[]): HTMLElement {
  const troubled = items.some((i) => i.state === 'failing' || i.state === 'needs_reauth');
  return h(
    'details',
    { class: 'integration-list', open: troubled },
    h('summary', null, 'Integrations: ', h('span', { 'data-testid': 'integration-summary' }, summaryText(items))),
    h(
      'ul',
      null,
      items.map((i) =>
        h(
          'li',
          { 'data-testid': 'integration', 'data-application': i.application, 'data-bot': i.bot, 'data-state': i.state },
          h('span', { class: `badge integration-${i.state}` }, INTEGRATION_STATE_LABELS[i.state]),
          h('strong', null, i.application),
          h('span', { class: 'muted' }, ` (${i.kind ?? 'not registered'})`),
          i.bot ? [' for ', h('strong', null, i.bot)] : null,
          h(
            'span',
            { class: 'muted' },
            ' · since ',
            timeText(i.since),
            ' · last status ',
            h('code', null, statusText(i.lastStatus)),
          ),
        ),
      ),
    ),
  );
}

/**
 * Seed 001's integrations above the call logs: those whose calls are refused, with Reauthorise
 * for the roles that may, and every integration's state folded below.
 */
export function reauthPanel(ctx: AppContext): { el: HTMLElement; destroy(): void } {
  const abort = new AbortController();
  const el = h('div', { class: 'reauth-slot', 'data-testid': 'integrations' }, loadingState('Checking integrations…'));

  async function load(): Promise<void> {
    replace(el, loadingState('Checking integrations…'));
    try {
      const { items } = await ctx.api.get<ApiPage<IntegrationItem>>('/v1/integrations', {}, abort.signal);
      const broken = items.filter((i) => i.needsReauth);
      // No integrations seen or registered yet: nothing to say.
      replace(el, broken.length ? reauthList(ctx, broken) : null, items.length ? integrationList(items) : null);
    } catch (e) {
      if (!abort.signal.aborted)
        replace(
          el,
          errorState(e, () => void load()),
        );
    }
  }

  void load();
  return { el, destroy: () => abort.abort() };
}
