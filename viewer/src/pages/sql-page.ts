import { ApiFailure } from '../api/api-client.ts';
import type { Page } from '../app-context.ts';
import { h } from '../dom/h.ts';
import { pageHead } from '../ui/page-head.ts';
import { errorState, loadingState } from '../ui/states.ts';
import { SQL_EXAMPLES } from './sql/sql-examples.ts';
import type { SqlResult } from './sql/sql-result.ts';
import { sqlResults } from './sql/sql-results.ts';
import { loadAnalystTables, type AnalystTable } from './sql/sql-tables.ts';

/** The tables and their columns; a click puts a table's or a column's name into the editor. */
function tableList(tables: readonly AnalystTable[], insert: (text: string) => void): HTMLElement {
  return h(
    'ul',
    { class: 'sql-tables' },
    tables.map((t) =>
      h(
        'li',
        { 'data-table': t.name },
        h(
          'details',
          null,
          h(
            'summary',
            null,
            h('code', null, t.name),
            t.refused ? h('span', { class: 'muted small' }, ' not open to your role') : null,
          ),
          t.refused
            ? h('p', { class: 'muted small' }, t.refused)
            : h(
                'ul',
                { class: 'sql-columns' },
                t.columns.map((c) =>
                  h(
                    'li',
                    null,
                    h('button', { type: 'button', class: 'button-quiet', on: { click: () => insert(c.name) } }, c.name),
                    h('span', { class: 'muted small' }, c.type),
                  ),
                ),
              ),
        ),
      ),
    ),
  );
}

/** The error as the collector gave it: for SQL_FAILED, ClickHouse's own message, which says what to fix. */
function sqlError(e: unknown): HTMLElement {
  if (!(e instanceof ApiFailure) || e.status === 0 || e.status >= 500) return errorState(e);
  return h(
    'div',
    { class: 'state state-error sql-error', role: 'alert', 'data-testid': 'sql-error' },
    h('strong', null, e.code === 'SQL_FAILED' ? 'ClickHouse refused the query' : 'The query was not run'),
    h('pre', { class: 'sql-error-message' }, e.message),
  );
}

/**
 * Analysts' SQL: one read-only SELECT over the tenant's rows (POST /v1/sql), results as a table
 * with a CSV download. The query is kept in the address bar, so a link re-runs it.
 */
export const sqlPage: Page = (root, { ctx, query }) => {
  const abort = new AbortController();
  let release: (() => void) | undefined;
  const editor = h('textarea', {
    id: 'sql-query',
    class: 'sql-editor',
    spellcheck: 'false',
    autocapitalize: 'off',
    rows: 9,
    placeholder: 'SELECT count() FROM sessions',
    value: query.get('q') ?? SQL_EXAMPLES[0]!.query,
  });
  const insert = (text: string) => {
    const { selectionStart: a, selectionEnd: b, value } = editor;
    editor.value = value.slice(0, a) + text + value.slice(b);
    editor.focus();
    editor.setSelectionRange(a + text.length, a + text.length);
  };
  const out = h('div', { class: 'sql-output' });
  const runButton = h('button', { type: 'submit', class: 'button-primary' }, 'Run');
  const run = async () => {
    const sql = editor.value.trim();
    if (!sql) return;
    history.replaceState(history.state, '', `/admin/sql?q=${encodeURIComponent(sql)}`);
    release?.();
    release = undefined;
    runButton.disabled = true;
    out.replaceChildren(loadingState('Running…'));
    try {
      const r = await ctx.api.send<SqlResult>('POST', '/v1/sql', { query: sql });
      if (abort.signal.aborted) return;
      const shown = sqlResults(r);
      release = shown.destroy;
      out.replaceChildren(shown.el);
    } catch (e) {
      if (!abort.signal.aborted) out.replaceChildren(sqlError(e));
    } finally {
      runButton.disabled = false;
    }
  };
  editor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
    }
  });
  const tables = h(
    'aside',
    { class: 'card sql-schema', 'aria-label': 'Tables' },
    h('h2', null, 'Tables'),
    loadingState(),
  );
  loadAnalystTables(ctx.api, abort.signal).then(
    (t) => tables.replaceChildren(h('h2', null, 'Tables'), tableList(t, insert)),
    (e: unknown) => tables.replaceChildren(h('h2', null, 'Tables'), errorState(e)),
  );
  root.append(
    pageHead('SQL', "Read-only SQL over your tenant's rows, run in ClickHouse. Ctrl+Enter runs the query."),
    h(
      'div',
      { class: 'sql-layout' },
      h(
        'form',
        {
          class: 'card sql-form',
          on: {
            submit: (e) => {
              e.preventDefault();
              void run();
            },
          },
        },
        h('label', { for: 'sql-query' }, 'Query'),
        editor,
        h(
          'div',
          { class: 'sql-actions' },
          runButton,
          h('span', { class: 'muted small' }, 'Examples:'),
          SQL_EXAMPLES.map((x) =>
            h(
              'button',
              {
                type: 'button',
                class: 'button-secondary',
                'data-example': x.name,
                on: {
                  click: () => {
                    editor.value = x.query;
                    editor.focus();
                  },
                },
              },
              x.name,
            ),
          ),
        ),
      ),
      tables,
      out,
    ),
  );
  return () => {
    abort.abort();
    release?.();
  };
};
