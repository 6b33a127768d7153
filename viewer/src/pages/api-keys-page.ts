import { dataTable } from '../ui/data-table.ts';
import { pageHead } from '../ui/page-head.ts';
import type { KeyScope } from '@loupe/schemas';
import { describeError } from '../api/api-client.ts';
import type { ApiKeyItem, CreatedApiKey, Page as ApiPage } from '@loupe/schemas';
import type { Page } from '../app-context.ts';
import { h, replace } from '../dom/h.ts';
import { formatTime } from '../format.ts';
import { copyButton } from '../ui/detail-pane.ts';
import { emptyState, errorState, loadingState, notice } from '../ui/states.ts';
import { keysOf, SCOPE_DESCRIPTIONS } from '../vocabulary.ts';

const DEFAULT_SCOPES: readonly KeyScope[] = ['ingest', 'read'];

/** Tomorrow, as the earliest custom expiry a date picker offers. */
function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The key itself, shown once right after it is made (seed 000: "This key will only ever be shown once"). */
function revealedKey(created: CreatedApiKey, onDone: () => void): HTMLElement {
  const field = h('input', {
    class: 'secret',
    readonly: true,
    value: created.key,
    'aria-label': 'New API key',
    'data-testid': 'new-key',
    spellcheck: 'false',
  });
  field.addEventListener('focus', () => field.select());
  return h(
    'section',
    { class: 'callout callout-warning', role: 'status' },
    h('h2', null, `Key for “${created.description}” created`),
    h(
      'p',
      null,
      h('strong', null, 'This key will not be shown again. '),
      'Copy it now and keep it in a secure place: Loupe keeps only a hash of it.',
    ),
    h(
      'div',
      { class: 'secret-row' },
      field,
      copyButton(() => created.key, 'Copy key'),
    ),
    h('button', { type: 'button', class: 'button-secondary', on: { click: onDone } }, 'I have stored it'),
  );
}

function createForm(onCreate: (body: object) => Promise<void>): HTMLFormElement {
  const description = h('input', {
    id: 'key-description',
    name: 'description',
    required: true,
    maxlength: 1024,
    placeholder: 'e.g. the application that will use it',
  });
  const custom = h('input', {
    id: 'key-expiry',
    name: 'expiresOn',
    type: 'date',
    min: tomorrow(),
    disabled: true,
    'aria-label': 'Expiry date',
  });
  const validity = (value: string, label: string, checked = false) =>
    h(
      'label',
      { class: 'inline' },
      h('input', {
        type: 'radio',
        name: 'validFor',
        value,
        checked,
        on: { change: () => (custom.disabled = value !== 'custom') },
      }),
      ` ${label}`,
    );
  const scopes = keysOf(SCOPE_DESCRIPTIONS).map((s) =>
    h(
      'label',
      { class: 'inline', title: SCOPE_DESCRIPTIONS[s] },
      h('input', { type: 'checkbox', name: 'scopes', value: s, checked: DEFAULT_SCOPES.includes(s) }),
      ` ${s}`,
    ),
  );
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, 'Generate API key');
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card form-grid',
      on: {
        submit: async (e) => {
          e.preventDefault();
          const data = new FormData(form);
          const validFor = String(data.get('validFor'));
          const day = String(data.get('expiresOn') ?? '');
          const body = {
            description: description.value.trim(),
            validFor,
            // A custom expiry is the end of the chosen day, in the admin's zone.
            ...(validFor === 'custom' ? { expiresAt: day ? new Date(`${day}T23:59:59`).toISOString() : '' } : {}),
            scopes: data.getAll('scopes').map(String),
          };
          if (validFor === 'custom' && !day)
            return replace(status, notice('error', 'Pick the expiry date for a custom validity.'));
          if (body.scopes.length === 0) return replace(status, notice('error', 'Pick at least one scope.'));
          submit.disabled = true;
          status.replaceChildren();
          try {
            await onCreate(body);
            form.reset();
            custom.disabled = true;
          } catch (err) {
            replace(status, notice('error', describeError(err)));
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    h('h2', null, 'New API key'),
    h('div', { class: 'field' }, h('label', { for: 'key-description' }, 'Description'), description),
    h(
      'fieldset',
      { class: 'field' },
      h('legend', null, 'Valid for'),
      validity('1m', '1 month', true),
      validity('1y', '1 year'),
      validity('custom', 'Custom until'),
      custom,
    ),
    h('fieldset', { class: 'field' }, h('legend', null, 'Scopes'), scopes),
    status,
    h('div', null, submit),
  );
  return form;
}

/** Seed 000's API keys: made with a description and a validity, shown once, listed by prefix, deletable. */
export const apiKeysPage: Page = (root, { ctx }) => {
  const revealed = h('div', { class: 'revealed-slot' });
  const listSlot = h('div', { class: 'key-list' });
  let alive = true;

  async function refresh(): Promise<void> {
    replace(listSlot, loadingState('Loading keys…'));
    try {
      const { items } = await ctx.api.get<ApiPage<ApiKeyItem>>('/v1/api-keys');
      if (alive) replace(listSlot, items.length ? keyTable(items) : emptyState('No keys yet.'));
    } catch (e) {
      if (alive)
        replace(
          listSlot,
          errorState(e, () => void refresh()),
        );
    }
  }

  function keyTable(items: readonly ApiKeyItem[]): HTMLElement {
    const now = Date.now();
    const row = (k: ApiKeyItem) => {
      const cell = h('td', { 'data-label': 'Actions' });
      const askDelete = () =>
        replace(
          cell,
          h(
            'span',
            { class: 'confirm' },
            'Delete? ',
            h(
              'button',
              { type: 'button', class: 'button-danger', on: { click: () => void remove(k, cell) } },
              'Delete',
            ),
            h(
              'button',
              { type: 'button', class: 'button-quiet', on: { click: () => replace(cell, deleteButton) } },
              'Cancel',
            ),
          ),
        );
      const deleteButton = h(
        'button',
        {
          type: 'button',
          class: 'button-quiet danger',
          'aria-label': `Delete key ${k.description}`,
          on: { click: askDelete },
        },
        'Delete',
      );
      cell.append(deleteButton);
      const expired = k.expiresAt !== null && Date.parse(k.expiresAt) <= now;
      return h(
        'tr',
        { 'data-key-id': k.id },
        h(
          'td',
          { 'data-label': 'Description' },
          k.description || '—',
          k.kind === 'site' ? h('span', { class: 'badge' }, 'site key') : null,
        ),
        h('td', { 'data-label': 'Prefix' }, h('code', { 'data-testid': 'key-prefix' }, `${k.prefix}…`)),
        h('td', { 'data-label': 'Scopes' }, k.scopes.join(', ')),
        h(
          'td',
          { 'data-label': 'Made by' },
          `${k.createdBy.username ?? (k.createdBy.userId ? 'a former user' : 'set-up')} (${k.createdBy.role})`,
        ),
        h('td', { 'data-label': 'Created', class: 'nowrap' }, formatTime(k.createdAt)),
        h(
          'td',
          { 'data-label': 'Expires', class: 'nowrap' },
          k.expiresAt ? formatTime(k.expiresAt) : 'never',
          expired ? h('span', { class: 'badge badge-error' }, 'expired') : null,
        ),
        h('td', { 'data-label': 'Last used', class: 'nowrap' }, k.lastUsedAt ? formatTime(k.lastUsedAt) : 'never'),
        cell,
      );
    };
    return dataTable({
      caption: 'API keys',
      headings: ['Description', 'Prefix', 'Scopes', 'Made by', 'Created', 'Expires', 'Last used', ''],
      rows: items.map(row),
    });
  }

  async function remove(k: ApiKeyItem, cell: HTMLElement): Promise<void> {
    replace(cell, loadingState('Deleting…'));
    try {
      await ctx.api.send('DELETE', `/v1/api-keys/${encodeURIComponent(k.id)}`);
      await refresh();
    } catch (e) {
      replace(cell, notice('error', describeError(e)));
    }
  }

  root.append(
    pageHead(
      'API keys',
      'Keys let an external application send records to Loupe or read them. An expired or deleted key stops working at once.',
    ),
    revealed,
    createForm(async (body) => {
      const created = await ctx.api.send<CreatedApiKey>('POST', '/v1/api-keys', body);
      replace(
        revealed,
        revealedKey(created, () => revealed.replaceChildren()),
      );
      revealed.querySelector('input')?.focus();
      await refresh();
    }),
    h('h2', null, 'Existing keys'),
    listSlot,
  );
  void refresh();
  return () => {
    alive = false;
  };
};
