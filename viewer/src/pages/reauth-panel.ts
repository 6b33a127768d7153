import type { IntegrationItem, Page as ApiPage } from '@loupe/schemas';
import type { AppContext } from '../app-context.ts';
import { h, replace } from '../dom/h.ts';
import { errorState, loadingState } from '../ui/states.ts';
import { timeText } from '../ui/time-text.ts';

const statusText = (code: number) => (code === 0 ? 'no answer' : String(code));

function reauthList(broken: readonly IntegrationItem[]): HTMLElement {
  return h(
    'section',
    { class: 'callout callout-warning reauth', 'aria-labelledby': 'reauth-title' },
    h(
      'h2',
      { id: 'reauth-title' },
      broken.length === 1
        ? 'An integration needs re-authorisation'
        : `${broken.length} integrations need re-authorisation`,
    ),
    h(
      'p',
      null,
      'Calls to these applications were refused (401 or 403): the credentials the bot uses have expired or were revoked. Reauthorise the bot with the application. ',
      h('strong', null, 'The flag clears by itself on the next successful call.'),
    ),
    h(
      'ul',
      { class: 'reauth-list' },
      broken.map((i) =>
        h(
          'li',
          { 'data-testid': 'reauth-item', 'data-application': i.application, 'data-bot': i.bot },
          h('strong', null, i.application),
          ' for ',
          h('strong', null, i.bot),
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
 * Seed 001's "Reauthorise": above the call logs, the integrations whose calls are being refused.
 * Quiet when all is well, since most visits are about something else.
 */
export function reauthPanel(ctx: AppContext): { el: HTMLElement; destroy(): void } {
  const abort = new AbortController();
  const el = h('div', { class: 'reauth-slot', 'data-testid': 'integrations' }, loadingState('Checking integrations…'));

  async function load(): Promise<void> {
    replace(el, loadingState('Checking integrations…'));
    try {
      const { items } = await ctx.api.get<ApiPage<IntegrationItem>>('/v1/integrations', {}, abort.signal);
      const broken = items.filter((i) => i.needsReauth);
      if (broken.length) replace(el, reauthList(broken));
      // No integrations seen yet: nothing to say.
      else
        replace(
          el,
          items.length
            ? h('p', { class: 'muted small all-healthy', role: 'status' }, 'All integrations healthy.')
            : null,
        );
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
