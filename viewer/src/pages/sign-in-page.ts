import { ApiFailure, describeError, type ApiClient } from '../api/api-client.ts';
import type { SignedInUser } from '@loupe/schemas';
import { h, replace } from '../dom/h.ts';

export interface SignInProps {
  api: ApiClient;
  onSignedIn: (user: SignedInUser) => void;
}

function messageOf(e: unknown): string {
  if (e instanceof ApiFailure && e.code === 'BAD_CREDENTIALS') return 'The username or password is wrong.';
  if (e instanceof ApiFailure && e.status === 429) return `Too many attempts. ${e.message}`;
  return describeError(e);
}

export function signInPage(root: HTMLElement, { api, onSignedIn }: SignInProps): void {
  const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: true });
  const username = h('input', {
    name: 'username',
    id: 'username',
    autocomplete: 'username',
    required: true,
    autofocus: true,
  });
  const password = h('input', {
    name: 'password',
    id: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  // Usernames are per tenant; blank means the deployment's default one. `?tenant=` fills it in.
  const tenant = h('input', {
    name: 'tenant',
    id: 'tenant',
    autocomplete: 'organization',
    value: new URLSearchParams(location.search).get('tenant') ?? '',
  });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'sign-in-form',
      on: {
        submit: async (e) => {
          e.preventDefault();
          submit.disabled = true;
          submit.textContent = 'Signing in…';
          error.hidden = true;
          try {
            const r = await api.send<{ user: SignedInUser }>('POST', '/v1/auth/login', {
              username: username.value.trim(),
              password: password.value,
              ...(tenant.value.trim() ? { tenant: tenant.value.trim() } : {}),
            });
            onSignedIn(r.user);
          } catch (err) {
            error.textContent = messageOf(err);
            error.hidden = false;
            password.select();
          } finally {
            submit.disabled = false;
            submit.textContent = 'Sign in';
          }
        },
      },
    },
    h('h1', null, 'Sign in to Loupe'),
    h('p', { class: 'muted' }, 'Replay web sessions and browse your platform’s logs.'),
    error,
    h('label', { for: 'username' }, 'Username'),
    username,
    h('label', { for: 'password' }, 'Password'),
    password,
    h('label', { for: 'tenant' }, 'Organisation (optional)'),
    tenant,
    submit,
  );
  replace(root, h('div', { class: 'sign-in' }, form));
  username.focus();
}
