import type { Page } from '../app-context.ts';
import { h } from '../dom/h.ts';
import { pageHead } from '../ui/page-head.ts';
import { errorState, loadingState } from '../ui/states.ts';
import { rowLink, type ChainedTable } from './integrity/row-link.ts';

/** GET /v1/integrity/verify's answer (schemas' `integrityResult`), typed here so the viewer ships no zod. */
interface ChainReport {
  table: ChainedTable;
  ok: boolean;
  rowsChecked: number;
  chains: number;
  firstProblem: { chainId: string; seq: number; id: string; kind: string; message: string } | null;
}
interface IntegrityResult {
  ok: boolean;
  reports: ChainReport[];
}

const TABLE_TITLES: Record<ChainedTable, string> = { audit_events: 'Audit events', change_audits: 'Change audits' };
const KIND_TEXT: Record<string, string> = {
  changed: 'Changed after it was stored',
  removed: 'A row before this one was removed',
  'inserted out of order': 'Inserted out of order',
};

function reportCard(ctx: Parameters<Page>[1]['ctx'], r: ChainReport): HTMLElement {
  const facts = h(
    'p',
    { class: 'muted' },
    `${r.rowsChecked.toLocaleString()} rows checked in ${r.chains.toLocaleString()} ${r.chains === 1 ? 'chain' : 'chains'}.`,
  );
  const p = r.firstProblem;
  if (!p) {
    return h(
      'section',
      { class: 'card integrity-report', 'data-table': r.table, 'data-ok': 'true' },
      h('h2', null, TABLE_TITLES[r.table], ' ', h('span', { class: 'badge badge-success' }, 'Intact')),
      facts,
    );
  }
  const link = h('a', { href: `/${r.table.replace('_', '-')}`, class: 'integrity-row-link', 'data-row': p.id }, p.id);
  void rowLink(ctx.api, r.table, p.id).then((href) => link.setAttribute('href', href));
  return h(
    'section',
    { class: 'card integrity-report integrity-broken', 'data-table': r.table, 'data-ok': 'false', role: 'alert' },
    h('h2', null, TABLE_TITLES[r.table], ' ', h('span', { class: 'badge badge-error' }, 'Tampered')),
    facts,
    h(
      'dl',
      { class: 'fields' },
      h('dt', null, 'What'),
      h('dd', { 'data-testid': 'integrity-kind' }, KIND_TEXT[p.kind] ?? p.kind),
      h('dt', null, 'Row'),
      h('dd', null, link),
      h('dt', null, 'Place'),
      h('dd', null, `Row ${p.seq} of chain `, h('code', null, p.chainId)),
      h('dt', null, 'Detail'),
      h('dd', null, p.message),
    ),
    h('p', { class: 'muted small' }, 'Rows after the first problem are not checked until it is explained.'),
  );
}

/**
 * Runs the audit chains' verification (GET /v1/integrity/verify) on request and shows each
 * chain's result; a tampered chain names its first bad row, linked to it in its list.
 */
export const integrityPage: Page = (root, { ctx }) => {
  const out = h('div', { class: 'integrity-results' });
  let gone = false;
  const button = h('button', { type: 'button', class: 'button-primary', 'data-testid': 'verify' }, 'Verify the chains');
  const verify = async () => {
    button.disabled = true;
    out.replaceChildren(loadingState('Walking every chain…'));
    try {
      const r = await ctx.api.get<IntegrityResult>('/v1/integrity/verify');
      if (gone) return;
      out.replaceChildren(
        h(
          'p',
          { class: `notice notice-${r.ok ? 'ok' : 'error'}`, role: 'status', 'data-testid': 'integrity-summary' },
          r.ok
            ? 'Every chain is intact: no stored row was changed, removed or slipped in.'
            : 'A chain is broken: see below.',
        ),
        ...r.reports.map((x) => reportCard(ctx, x)),
      );
    } catch (e) {
      if (!gone) out.replaceChildren(errorState(e, verify));
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', () => void verify());
  root.append(
    pageHead(
      'Integrity',
      'Audit events and change audits are chained by hash as they are stored. Verification rereads every row and names the first one that no longer fits.',
      button,
    ),
    out,
  );
  return () => {
    gone = true;
  };
};
