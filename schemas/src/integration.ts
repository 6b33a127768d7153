import { z } from 'zod';
import { isoTime, page } from './page.response.ts';
import { id, url } from './text.ts';
import { vocabulary } from './vocabulary.ts';

/** Seed 001's supported integrations: "at present call logs will be shown for" these. */
export const INTEGRATION_KINDS = [
  'floatchat APIs',
  'JSON API Node',
  'Clickatell and Twilio',
  'Google Calendar',
  'Google Sheets',
  'API Trigger',
  'Salesforce',
  'Zendesk',
  'FreshDesk',
  'C2E',
] as const;
export const integrationKind = z.enum(INTEGRATION_KINDS);
export type IntegrationKind = z.infer<typeof integrationKind>;
export const integrationKindWords = vocabulary(INTEGRATION_KINDS, {
  'floatchat APIs': ['floatchat', 'floatchat API'],
  'Clickatell and Twilio': ['Clickatell', 'Twilio', 'Clickatell & Twilio'],
  'JSON API Node': ['JSON API'],
});

/**
 * The platform registers an integration so that the viewer can offer seed 001's Reauthorise:
 * Loupe holds no third-party tokens, so reauthorising is the platform's page at `reauthorizeUrl`.
 * `name` is what its call logs carry as `application`; registering a name again replaces it.
 */
export const registerIntegrationRequest = z.strictObject({
  name: id,
  kind: integrationKindWords.schema,
  reauthorizeUrl: url,
});
export type RegisterIntegration = z.infer<typeof registerIntegrationRequest>;

/** POST /v1/integrations/reauthorize: the integration whose Reauthorise a person clicked. */
export const reauthorizeRequest = z.strictObject({ name: id });
export const reauthorizeAnswer = z.object({ name: z.string(), reauthorizeUrl: z.string() });

/** A registered integration, as stored and answered. */
export const registeredIntegration = z.object({
  name: z.string(),
  kind: integrationKind,
  reauthorizeUrl: z.string(),
  registeredAt: isoTime,
});
export type RegisteredIntegration = z.infer<typeof registeredIntegration>;

/**
 * How an integration's calls stand: `needs_reauth` after a 401 or 403 until a call succeeds;
 * `failing` when its last call failed otherwise (5xx, 4xx, or status 0: the host unreachable);
 * `healthy` when it succeeded; `no_calls` when it is registered and nothing called it yet.
 */
export const INTEGRATION_STATES = ['needs_reauth', 'failing', 'healthy', 'no_calls'] as const;
export const integrationState = z.enum(INTEGRATION_STATES);
export type IntegrationStateName = z.infer<typeof integrationState>;

/**
 * One integration of one bot (GET /v1/integrations), or a registered integration no bot called
 * yet (`bot` empty). `needsReauth` clears on its next successful call.
 */
export const integrationItem = z.object({
  application: z.string(),
  bot: z.string(),
  needsReauth: z.boolean(),
  state: integrationState,
  /** The call time its state began (the registration's time while there are no calls). */
  since: isoTime,
  lastStatus: z.number().nullable(),
  /** From its registration; null when the platform has not registered it. */
  kind: integrationKind.nullable(),
  reauthorizeUrl: z.string().nullable(),
});
export type IntegrationItem = z.infer<typeof integrationItem>;
export const integrationPage = page(integrationItem);
