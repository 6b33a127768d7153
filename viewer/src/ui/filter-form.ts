import { h } from '../dom/h.ts';

type Option = readonly [value: string, label: string];

export type FieldSpec =
  | { kind: 'text'; name: string; label: string; placeholder?: string; list?: string }
  | { kind: 'number'; name: string; label: string; min?: number; max?: number; placeholder?: string }
  | { kind: 'select'; name: string; label: string; options: readonly Option[] }
  /** A list loaded when the form is shown (seed 001: "all the bots that are present in the account"). */
  | { kind: 'choice'; name: string; label: string; all: string; values: () => Promise<readonly string[]> }
  | { kind: 'date' | 'datetime'; name: string; label: string };

/**
 * A select of names that arrive later: it starts with "All" and the value in the address bar, so
 * a shared link keeps its filter, and gets the rest when they are loaded.
 */
function choice(f: Extract<FieldSpec, { kind: 'choice' }>, value: string, common: object): HTMLSelectElement {
  const optionsOf = (values: readonly string[]) => [
    h('option', { value: '' }, f.all),
    ...[...new Set(value ? [value, ...values] : values)].map((v) =>
      h('option', { value: v, selected: v === value }, v),
    ),
  ];
  const select = h('select', { ...common, 'aria-busy': 'true' }, optionsOf([]));
  f.values().then(
    (values) => {
      select.replaceChildren(...optionsOf(values));
      select.removeAttribute('aria-busy');
    },
    () => {
      select.append(h('option', { value: '', disabled: true }, 'Could not load the list; reload to retry'));
      select.removeAttribute('aria-busy');
    },
  );
  return select;
}

function control(f: FieldSpec, value: string): HTMLElement {
  const common = { id: `filter-${f.name}`, name: f.name };
  switch (f.kind) {
    case 'choice':
      return choice(f, value, common);
    case 'select':
      return h(
        'select',
        common,
        f.options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
      );
    case 'number':
      return h('input', {
        ...common,
        type: 'number',
        inputmode: 'numeric',
        min: f.min,
        max: f.max,
        placeholder: f.placeholder,
        value,
      });
    case 'date':
      return h('input', { ...common, type: 'date', value });
    case 'datetime':
      return h('input', { ...common, type: 'datetime-local', step: 1, value });
    case 'text':
      return h('input', {
        ...common,
        type: 'search',
        placeholder: f.placeholder,
        list: f.list,
        value,
        autocomplete: 'off',
      });
  }
}

/**
 * The filters of a list, kept in the address bar: a filtered list survives a reload, the back
 * button, and can be sent to a colleague. `onApply` gets the new query (empty fields left out).
 */
export function filterForm(
  fields: readonly FieldSpec[],
  query: URLSearchParams,
  onApply: (q: URLSearchParams) => void,
  extra?: Node,
): HTMLFormElement {
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      on: {
        submit: (e) => {
          e.preventDefault();
          const next = new URLSearchParams();
          for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim() !== '') next.set(k, v.trim());
          onApply(next);
        },
      },
    },
    fields.map((f) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: `filter-${f.name}` }, f.label),
        control(f, query.get(f.name) ?? ''),
      ),
    ),
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'button-primary' }, 'Apply'),
      h(
        'button',
        { type: 'button', class: 'button-quiet', on: { click: () => onApply(new URLSearchParams()) } },
        'Clear',
      ),
      extra ?? null,
    ),
  );
  return form;
}
