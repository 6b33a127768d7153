import { pageHead } from '../ui/page-head.ts';
import { ApiFailure, describeError } from '../api/api-client.ts';
import type { Role, TenantSettings as Settings } from '@loupe/schemas';
import { keysOf, ROLE_DESCRIPTIONS } from '../vocabulary.ts';
import type { Page } from '../app-context.ts';
import { h, replace } from '../dom/h.ts';
import { errorState, loadingState, notice } from '../ui/states.ts';
import { archiveRunsSection } from './archive-runs.ts';
import { undeliveredNotice } from './undelivered-notice.ts';

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Which input a rejected field belongs to: the API names it (`notificationRecipients[1]`). */
const FIELD_IDS: Record<keyof Settings, string> = {
  archiveAfterMonths: 'archive-months',
  callLogRetentionDays: 'retention-days',
  notificationRecipients: 'recipients',
  notifyRoles: 'notify-roles',
  siteOrigins: 'origins',
  // Set through the API (PUT /v1/settings); the form has no field for it yet.
  redactPatterns: 'redact-patterns',
};

function settingsForm(initial: Settings, save: (s: Partial<Settings>) => Promise<Settings>): HTMLFormElement {
  const archive = h('input', {
    id: FIELD_IDS.archiveAfterMonths,
    type: 'number',
    min: 0,
    max: 1200,
    step: 1,
    required: true,
    value: String(initial.archiveAfterMonths),
    'aria-describedby': 'archive-hint',
  });
  const retention = h('input', {
    id: FIELD_IDS.callLogRetentionDays,
    type: 'number',
    min: 1,
    max: 3650,
    step: 1,
    required: true,
    value: String(initial.callLogRetentionDays),
    'aria-describedby': 'retention-hint',
  });
  const recipients = h(
    'textarea',
    {
      id: FIELD_IDS.notificationRecipients,
      rows: 3,
      'aria-describedby': 'recipients-hint',
      placeholder: 'owner@example.com',
    },
    initial.notificationRecipients.join('\n'),
  );
  // Seed 001: "These notifications can also be enabled for other portal user roles".
  const roleBoxes = keysOf(ROLE_DESCRIPTIONS).map((r) =>
    h('input', { type: 'checkbox', name: 'notifyRoles', value: r, checked: initial.notifyRoles.includes(r) }),
  );
  const notifyRoles = h(
    'fieldset',
    { id: FIELD_IDS.notifyRoles, class: 'field checkbox-group', 'aria-describedby': 'notify-roles-hint' },
    h('legend', null, 'Error e-mails go to'),
    roleBoxes.map((box) => h('label', { class: 'checkbox' }, box, ` ${box.value}s`)),
    h(
      'p',
      { class: 'hint', id: 'notify-roles-hint' },
      'Every user of these roles who has an e-mail address, beside the users who opted in and the addresses below. Owners by default.',
    ),
  );
  const origins = h(
    'textarea',
    { id: FIELD_IDS.siteOrigins, rows: 3, 'aria-describedby': 'origins-hint', placeholder: 'https://shop.example' },
    initial.siteOrigins.join('\n'),
  );
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, 'Save settings');
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card form-grid settings',
      on: {
        submit: async (e) => {
          e.preventDefault();
          submit.disabled = true;
          status.replaceChildren();
          for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
          try {
            const saved = await save({
              archiveAfterMonths: Number(archive.value),
              callLogRetentionDays: Number(retention.value),
              notificationRecipients: lines(recipients.value),
              notifyRoles: roleBoxes.filter((b) => b.checked).map((b) => b.value as Role),
              siteOrigins: lines(origins.value),
            });
            recipients.value = saved.notificationRecipients.join('\n');
            origins.value = saved.siteOrigins.join('\n');
            replace(status, notice('ok', 'Settings saved.'));
          } catch (err) {
            const field =
              err instanceof ApiFailure && err.path
                ? (FIELD_IDS[err.path.replace(/\[.*$/, '') as keyof Settings] ?? null)
                : null;
            if (field) form.querySelector(`#${field}`)?.setAttribute('aria-invalid', 'true');
            replace(status, notice('error', describeError(err)));
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    field(
      archive,
      'Archive chats after (months)',
      '0 means never: nothing is archived. Otherwise records are archived that many months after they happened.',
    ),
    field(
      retention,
      'Keep call logs for (days)',
      'Call logs older than this are deleted. The default is 30 days; a change applies to calls logged from now on.',
    ),
    notifyRoles,
    field(
      recipients,
      'Error e-mail recipients',
      'One address per line. They get an e-mail on the first failed call per bot, at most once a day.',
    ),
    field(
      origins,
      'Allowed site origins',
      'One origin per line, such as https://shop.example. Recordings from other origins are refused; empty allows any.',
    ),
    status,
    h('div', null, submit),
  );
  return form;
}

/** One labelled input with its hint, under the id the input's `aria-describedby` names. */
function field(input: HTMLElement, label: string, hint: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: input.id }, label),
    input,
    h('p', { class: 'hint', id: input.getAttribute('aria-describedby') }, hint),
  );
}

/** Seed 000's archiving (with its last runs), seed 001's retention and notifications, and where recordings may come from. */
export const settingsPage: Page = (root, { ctx }) => {
  const slot = h('div', null, loadingState('Loading settings…'));
  // Loads on its own: the runs show even while the form is loading or failed.
  const runs = archiveRunsSection(ctx);
  const undelivered = undeliveredNotice(ctx);
  root.append(
    pageHead('Settings', 'Retention, notifications and recording for this workspace.'),
    undelivered.el,
    slot,
    runs.el,
  );
  let alive = true;
  const load = async () => {
    replace(slot, loadingState('Loading settings…'));
    try {
      const s = await ctx.api.get<Settings>('/v1/settings');
      if (alive)
        replace(
          slot,
          settingsForm(s, (change) => ctx.api.send<Settings>('PUT', '/v1/settings', change)),
        );
    } catch (e) {
      if (alive)
        replace(
          slot,
          errorState(e, () => void load()),
        );
    }
  };
  void load();
  return () => {
    alive = false;
    undelivered.destroy();
    runs.destroy();
  };
};
