import { dataTable } from '../ui/data-table.ts';
import { pageHead } from '../ui/page-head.ts';
import type { Role } from '@loupe/schemas';
import { describeError } from '../api/api-client.ts';
import type { Page as ApiPage, SignedInUser } from '@loupe/schemas';
import type { AppContext, Page } from '../app-context.ts';
import { h, replace } from '../dom/h.ts';
import { formatTime } from '../format.ts';
import { emptyState, errorState, loadingState, notice } from '../ui/states.ts';
import { keysOf, ROLE_DESCRIPTIONS } from '../vocabulary.ts';

type User = SignedInUser;

/** No one grants or manages a role above their own (the API refuses it too; this keeps the form honest). */
const grantable = (me: User): Role[] => keysOf(ROLE_DESCRIPTIONS).filter((r) => me.grantableRoles.includes(r));

function roleSelect(me: User, value: Role, id: string, disabled: boolean): HTMLSelectElement {
  const roles = grantable(me);
  const options = roles.includes(value) ? roles : [value, ...roles];
  return h(
    'select',
    { id, name: 'role', disabled },
    options.map((r) => h('option', { value: r, selected: r === value, title: ROLE_DESCRIPTIONS[r] }, r)),
  );
}

function createForm(me: User, onCreate: (body: object) => Promise<void>): HTMLFormElement {
  const status = h('div', { class: 'form-status' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card form-grid',
      on: {
        submit: async (e) => {
          e.preventDefault();
          const d = new FormData(form);
          const email = String(d.get('email') ?? '').trim();
          status.replaceChildren();
          try {
            await onCreate({
              username: String(d.get('username')).trim(),
              password: String(d.get('password')),
              role: String(d.get('role')),
              ...(email ? { email } : {}),
              notifyOnErrors: d.get('notifyOnErrors') === 'on',
            });
            form.reset();
            replace(status, notice('ok', 'User created.'));
          } catch (err) {
            replace(status, notice('error', describeError(err)));
          }
        },
      },
    },
    h('h2', null, 'New user'),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'new-username' }, 'Username'),
      h('input', {
        id: 'new-username',
        name: 'username',
        required: true,
        autocomplete: 'off',
        pattern: '\\S+',
        title: 'No spaces',
      }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'new-password' }, 'Password'),
      h('input', {
        id: 'new-password',
        name: 'password',
        type: 'password',
        required: true,
        minlength: 8,
        autocomplete: 'new-password',
      }),
    ),
    h('div', { class: 'field' }, h('label', { for: 'new-role' }, 'Role'), roleSelect(me, 'Agent', 'new-role', false)),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'new-email' }, 'E-mail (optional)'),
      h('input', { id: 'new-email', name: 'email', type: 'email', autocomplete: 'off' }),
    ),
    h(
      'label',
      { class: 'inline' },
      h('input', { type: 'checkbox', name: 'notifyOnErrors' }),
      ' E-mail this user about failing calls',
    ),
    status,
    h('div', null, h('button', { type: 'submit', class: 'button-primary' }, 'Create user')),
  );
  return form;
}

function userRow(ctx: AppContext, u: User, refresh: () => Promise<void>): HTMLTableRowElement {
  const me = ctx.user;
  const self = u.id === me.id;
  // No one changes or removes a user above their own role (an Admin: an Owner, a Supervisor); nor their own role or themselves.
  const locked = self || !me.grantableRoles.includes(u.role);
  const status = h('span', { class: 'row-status' });
  const patch = async (change: object) => {
    status.replaceChildren(loadingState('Saving…'));
    try {
      await ctx.api.send('PATCH', `/v1/users/${encodeURIComponent(u.id)}`, change);
      replace(status, notice('ok', 'Saved'));
    } catch (e) {
      replace(status, notice('error', describeError(e)));
    }
  };
  const role = roleSelect(me, u.role, `role-${u.id}`, locked);
  role.setAttribute('aria-label', `Role of ${u.username}`);
  role.addEventListener('change', () => void patch({ role: role.value }));
  const notify = h('input', {
    type: 'checkbox',
    checked: u.notifyOnErrors,
    'aria-label': `E-mail ${u.username} about failing calls`,
    on: { change: () => void patch({ notifyOnErrors: notify.checked }) },
  });
  const actions = h('td', { 'data-label': 'Actions', class: 'actions' });
  const showActions = () =>
    replace(
      actions,
      h('button', { type: 'button', class: 'button-quiet', on: { click: edit } }, 'Edit'),
      locked ? null : h('button', { type: 'button', class: 'button-quiet danger', on: { click: askDelete } }, 'Delete'),
      status,
    );
  function edit(): void {
    const email = h('input', {
      type: 'email',
      value: u.email ?? '',
      'aria-label': `E-mail of ${u.username}`,
      placeholder: 'e-mail',
    });
    const password = h('input', {
      type: 'password',
      minlength: 8,
      autocomplete: 'new-password',
      'aria-label': `New password for ${u.username}`,
      placeholder: 'new password (optional)',
    });
    const save = async () => {
      await patch({ email: email.value.trim() || null, ...(password.value ? { password: password.value } : {}) });
      await refresh();
    };
    replace(
      actions,
      h(
        'div',
        { class: 'inline-edit' },
        email,
        password,
        h('button', { type: 'button', class: 'button-primary', on: { click: () => void save() } }, 'Save'),
        h('button', { type: 'button', class: 'button-quiet', on: { click: showActions } }, 'Cancel'),
        status,
      ),
    );
  }
  function askDelete(): void {
    replace(
      actions,
      h('span', { class: 'confirm' }, `Delete ${u.username}? `),
      h(
        'button',
        {
          type: 'button',
          class: 'button-danger',
          on: {
            click: async () => {
              try {
                await ctx.api.send('DELETE', `/v1/users/${encodeURIComponent(u.id)}`);
                await refresh();
              } catch (e) {
                replace(status, notice('error', describeError(e)));
              }
            },
          },
        },
        'Delete',
      ),
      h('button', { type: 'button', class: 'button-quiet', on: { click: showActions } }, 'Cancel'),
      status,
    );
  }
  showActions();
  return h(
    'tr',
    { 'data-user': u.username },
    h('td', { 'data-label': 'Username' }, u.username, self ? h('span', { class: 'badge' }, 'you') : null),
    h('td', { 'data-label': 'Role' }, role),
    h('td', { 'data-label': 'E-mail' }, u.email ?? '—'),
    h('td', { 'data-label': 'Error e-mails' }, notify),
    h('td', { 'data-label': 'Created', class: 'nowrap' }, formatTime(u.createdAt)),
    actions,
  );
}

/** People who sign in to the viewer, and their roles (what each role may open is listed beside the form). */
export const usersPage: Page = (root, { ctx }) => {
  const listSlot = h('div');
  let alive = true;
  async function refresh(): Promise<void> {
    try {
      const { items } = await ctx.api.get<ApiPage<User>>('/v1/users');
      if (!alive) return;
      replace(
        listSlot,
        items.length === 0
          ? emptyState('No users.')
          : dataTable({
              caption: 'Users',
              headings: ['Username', 'Role', 'E-mail', 'Error e-mails', 'Created', ''],
              class: 'users',
              rows: items.map((u) => userRow(ctx, u, refresh)),
            }),
      );
    } catch (e) {
      if (alive)
        replace(
          listSlot,
          errorState(e, () => void refresh()),
        );
    }
  }
  root.append(
    pageHead('Users and roles', 'Who may sign in, and what their role lets them open.'),
    h(
      'div',
      { class: 'two-columns' },
      createForm(ctx.user, async (body) => {
        await ctx.api.send('POST', '/v1/users', body);
        await refresh();
      }),
      h(
        'section',
        { class: 'card' },
        h('h2', null, 'Roles'),
        h(
          'dl',
          { class: 'fields' },
          keysOf(ROLE_DESCRIPTIONS).map((r) => [h('dt', null, r), h('dd', null, ROLE_DESCRIPTIONS[r])]),
        ),
      ),
    ),
    h('h2', null, 'Users'),
    listSlot,
  );
  listSlot.append(loadingState('Loading users…'));
  void refresh();
  return () => {
    alive = false;
  };
};
