import type { ClickHouseClient } from '@clickhouse/client';
import {
  ALERT_STATE_SELECT,
  ALERT_STATE_TABLE,
  INTEGRATION_STATE_SELECT,
  INTEGRATION_STATE_TABLE,
  alertStateRow,
  integrationStateRow,
  statusOf,
  toIso,
  type CallLog,
} from '@loupe/schemas';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { selectRows } from '../storage/queries/select.ts';
import { AlertDigests } from './alert-digest.ts';
import { MailBudget } from './mail-budget.ts';
import type { Mailer } from './mailer.ts';
import { UndeliveredNotices } from './undelivered.ts';

/** Seed 001: "the cycle will be reset after 24 hours". */
export const ALERT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** At most this many alert e-mails per tenant per hour, whatever the names; the rest go in one digest. */
export const ALERT_CAP = { mails: 10, windowMs: 60 * 60 * 1000 };

export interface IntegrationState {
  application: string;
  bot: string;
  needsReauth: boolean;
  since: string;
  lastStatus: number;
}

export interface AlertDeps {
  client: ClickHouseClient;
  mailer: Mailer;
  recipients: (tenantId: string) => Promise<string[]>;
  logger: Logger;
  now: () => number;
  /** Where people open the viewer, for the link to the call logs; no link without it. */
  publicUrl?: string;
}

/** What became of one notification. */
type Outcome = 'sent' | 'held' | 'undelivered';

const NO_RECIPIENT =
  'nobody has an e-mail address to send it to: give the Owner one (Users, or LOUPE_ADMIN_EMAIL), or add ' +
  'notification recipients in Settings';
const NO_SMTP = 'no SMTP server is configured (SMTP_URL)';

/**
 * Watches stored call logs: e-mails the first error per bot and then stays quiet for that bot for
 * 24 hours, and flags integrations whose calls fail with 401 or 403 as needing re-authorisation
 * until a call succeeds. Work runs after the calls were acknowledged and never fails them.
 */
export class ErrorAlerts {
  readonly #pending = new Set<Promise<void>>();
  /** Per (tenant, bot) for alert decisions, per tenant for integration-state updates: one at a time in this process. */
  readonly #locks = new Map<string, Promise<void>>();
  /**
   * Integration updates not started yet, per tenant, with the latest call of each integration: a
   * newer call takes the place of the one waiting, and one read and one write serve every
   * integration of the update. Before, each request's each integration was a SELECT … FINAL and an
   * INSERT on the writers' connections (sixteen of each for a request naming sixteen integrations).
   */
  readonly #queuedUpdates = new Map<string, { logs: Map<string, CallLog>; run: Promise<Map<CallLog, Outcome>> }>();
  /** When this process knows a bot's alert window was used (a mail sent within it): no read needed to stay quiet. */
  readonly #windowUsedAt = new Map<string, number>();
  readonly #budget: MailBudget;
  readonly #digests: AlertDigests;
  /** Notifications that reached nobody, for the viewer's notice. */
  readonly undelivered: UndeliveredNotices;

  constructor(private readonly d: AlertDeps) {
    this.#budget = new MailBudget(ALERT_CAP.mails, ALERT_CAP.windowMs, d.now);
    this.undelivered = new UndeliveredNotices(d.now);
    this.#digests = new AlertDigests(
      async (tenantId, subject, text) => {
        await this.#deliver(tenantId, subject, text);
      },
      (err) => this.d.logger.error({ err }, 'alert digest failed'),
    );
  }

  /** Sends the digests of held-back alerts now, instead of at the end of their windows. */
  flushDigests(): Promise<void> {
    return this.#digests.flush();
  }

  /** Called with the calls just stored, in the order they were posted. */
  observe(tenantId: string, logs: readonly CallLog[]): void {
    const firstErrorPerBot = new Map<string, CallLog>();
    for (const l of logs)
      if (statusOf(l.statusCode) === 'error' && !firstErrorPerBot.has(l.bot)) firstErrorPerBot.set(l.bot, l);
    // Every call counts, unreachable (0) and 5xx ones too: the list shows those integrations as failing.
    const lastPerIntegration = new Map<string, CallLog>();
    for (const l of logs) {
      const k = `${l.application}\u0000${l.bot}`;
      if ((lastPerIntegration.get(k)?.ts ?? -Infinity) <= l.ts) lastPerIntegration.set(k, l);
    }
    // One e-mail per event: a 401 that flags its integration and is its bot's first error is one
    // mail (the re-authorisation one, which names the error), not two.
    const mailedAbout = new Map<CallLog, Promise<Outcome | undefined>>();
    if (lastPerIntegration.size > 0) {
      const run = this.#update(tenantId, lastPerIntegration);
      // A call whose update a later call took over has had nothing mailed about it.
      for (const log of lastPerIntegration.values())
        mailedAbout.set(
          log,
          run.then((sent) => sent.get(log)),
        );
    }
    for (const [bot, log] of firstErrorPerBot)
      this.#track(`alert\u0000${tenantId}\u0000${bot}`, async () =>
        this.#alert(tenantId, log, await mailedAbout.get(log)),
      );
  }

  /** Resolves when every decision started so far has finished (tests and shutdown wait on it). */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  async integrations(tenantId: string): Promise<IntegrationState[]> {
    const { rows } = await selectRows(
      this.d.client,
      {
        sql: `SELECT ${INTEGRATION_STATE_SELECT} FROM ${INTEGRATION_STATE_TABLE} FINAL WHERE tenant_id = {t:String} ORDER BY needs_reauth DESC, application, bot`,
        params: { t: tenantId },
      },
      integrationStateRow,
    );
    return rows.map((r) => ({
      application: r.application,
      bot: r.bot,
      needsReauth: r.needs_reauth,
      since: toIso(r.since_ms),
      lastStatus: r.last_status,
    }));
  }

  /** The tenant's next integration update, with these calls as the latest of their integrations. */
  #update(tenantId: string, calls: ReadonlyMap<string, CallLog>): Promise<Map<CallLog, Outcome>> {
    const queued = this.#queuedUpdates.get(tenantId);
    if (queued) {
      for (const [k, log] of calls) queued.logs.set(k, log);
      return queued.run;
    }
    const logs = new Map(calls);
    const run = this.#track(`integrations\u0000${tenantId}`, () => {
      this.#queuedUpdates.delete(tenantId);
      return this.#integrations(tenantId, [...logs.values()]);
    }).then((sent) => sent ?? new Map<CallLog, Outcome>());
    this.#queuedUpdates.set(tenantId, { logs, run });
    return run;
  }

  /** Runs `work` after the work before it under the same lock; answers its outcome (undefined if it failed). */
  #track<T>(lock: string, work: () => Promise<T>): Promise<T | undefined> {
    const run = (this.#locks.get(lock) ?? Promise.resolve()).then(work).catch((err: unknown) => {
      this.d.logger.error({ err }, 'call-log alert failed');
      return undefined;
    });
    const settled = run.then(() => undefined);
    this.#locks.set(lock, settled);
    const done = settled.finally(() => {
      this.#pending.delete(done);
      if (this.#locks.get(lock) === settled) this.#locks.delete(lock);
    });
    this.#pending.add(done);
    return run;
  }

  async #alertState(tenantId: string, bot: string) {
    const { rows } = await selectRows(
      this.d.client,
      {
        sql: `SELECT ${ALERT_STATE_SELECT} FROM ${ALERT_STATE_TABLE} FINAL WHERE tenant_id = {t:String} AND bot = {b:String}`,
        params: { t: tenantId, b: bot },
      },
      alertStateRow,
    );
    return rows[0];
  }

  async #writeAlertState(tenantId: string, bot: string, lastSent: number, claim: string, version: number) {
    await this.d.client.insert({
      table: ALERT_STATE_TABLE,
      values: [{ tenant_id: tenantId, bot, last_sent_at: lastSent, claim, version }],
      format: 'JSONEachRow',
    });
  }

  /** `mailed`: what became of a mail already sent about this very call (a re-authorisation one). */
  async #alert(tenantId: string, log: CallLog, mailed?: Outcome): Promise<void> {
    const now = this.d.now();
    const windowKey = `${tenantId}\u0000${log.bot}`;
    const usedAt = this.#windowUsedAt.get(windowKey);
    if (usedAt !== undefined && now - usedAt < ALERT_WINDOW_MS) return;
    const subject = `[Loupe] ${log.bot}: ${log.application} answered ${log.statusCode === 0 ? 'nothing (unreachable)' : log.statusCode}`;
    // Without SMTP no mail can go, whatever the window: said so without reading it (every error
    // request read it, on the writers' connections).
    if (!this.d.mailer.configured) {
      if (mailed === undefined) this.#undelivered(tenantId, subject, NO_SMTP);
      return;
    }
    const state = await this.#alertState(tenantId, log.bot);
    if (state && now - state.last_sent_ms < ALERT_WINDOW_MS) {
      this.#windowUsedAt.set(windowKey, state.last_sent_ms);
      return;
    }
    // Nobody to tell: said so (log, viewer), and the window is kept for the first error someone can get.
    if (mailed === 'undelivered' || (mailed === undefined && !(await this.#canDeliver(tenantId, subject)))) return;
    if (mailed === undefined && this.#holdBack(tenantId, log, 'error')) return;
    // Claim the window, then read it back: of two collectors claiming at once, only the one whose
    // claim won (highest version) sends.
    const claim = randomUUID();
    const version = Math.max(now * 1000, (state?.version ?? 0) + 1);
    await this.#writeAlertState(tenantId, log.bot, now, claim, version);
    if ((await this.#alertState(tenantId, log.bot))?.claim !== claim) return;
    this.#windowUsedAt.set(windowKey, now);
    // The re-authorisation mail about this call went out (or into the digest): the window is used, no second mail.
    if (mailed) return;
    // Give the window back when the mail reached nobody, so the next error tries again instead of 24 hours of silence.
    const giveBack = () => {
      this.#windowUsedAt.delete(windowKey);
      return this.#writeAlertState(tenantId, log.bot, 0, '', version + 1);
    };
    try {
      if ((await this.#send(tenantId, subject, log, 'error')) === 'undelivered') await giveBack();
    } catch (err) {
      await giveBack();
      throw err;
    }
  }

  /**
   * Brings the integrations of these calls (the latest of each) up to date with one read and one
   * write, then mails about those that broke. Answers what became of each re-authorisation mail.
   */
  async #integrations(tenantId: string, logs: readonly CallLog[]): Promise<Map<CallLog, Outcome>> {
    const key = (application: string, bot: string) => `${application}\u0000${bot}`;
    const { rows } = await selectRows(
      this.d.client,
      {
        // The IN lists over-approximate the pairs (their cross product); pairs are matched below.
        sql: `SELECT ${INTEGRATION_STATE_SELECT} FROM ${INTEGRATION_STATE_TABLE} FINAL
              WHERE tenant_id = {t:String} AND application IN {a:Array(String)} AND bot IN {b:Array(String)}`,
        params: {
          t: tenantId,
          a: [...new Set(logs.map((l) => l.application))],
          b: [...new Set(logs.map((l) => l.bot))],
        },
      },
      integrationStateRow,
    );
    const current = new Map(rows.map((r) => [key(r.application, r.bot), r]));
    const now = this.d.now();
    const stateOf = (reauth: boolean, status: number) => (reauth ? 'reauth' : statusOf(status));
    const changed: object[] = [];
    const broke: CallLog[] = [];
    for (const log of logs) {
      const row = current.get(key(log.application, log.bot));
      // A call older than the state it would change (an import, a late retry) says nothing about now.
      if (row && log.ts < row.since_ms) continue;
      const broken = log.statusCode === 401 || log.statusCode === 403;
      const ok = statusOf(log.statusCode) === 'success';
      const was = row?.needs_reauth ?? false;
      // Other failures (5xx, status 0) neither set nor clear the flag; they only change the last status.
      const needsReauth = broken || (was && !ok);
      if (row && was === needsReauth && row.last_status === log.statusCode) continue;
      changed.push({
        tenant_id: tenantId,
        application: log.application,
        bot: log.bot,
        needs_reauth: needsReauth,
        // Call time, not arrival: when its state (needs reauth, failing, healthy) began.
        since: row && stateOf(was, row.last_status) === stateOf(needsReauth, log.statusCode) ? row.since_ms : log.ts,
        last_status: log.statusCode,
        version: Math.max(now * 1000, (row?.version ?? 0) + 1),
      });
      if (broken && !was) broke.push(log);
    }
    if (changed.length)
      await this.d.client.insert({ table: INTEGRATION_STATE_TABLE, values: changed, format: 'JSONEachRow' });
    const sent = new Map<CallLog, Outcome>();
    for (const log of broke) {
      const subject = `[Loupe] ${log.application} needs re-authorisation for ${log.bot}`;
      try {
        const outcome = !(await this.#canDeliver(tenantId, subject))
          ? 'undelivered'
          : this.#holdBack(tenantId, log, 'reauth')
            ? 'held'
            : await this.#send(tenantId, subject, log, 'reauth');
        sent.set(log, outcome);
      } catch (err) {
        // One mail that failed (already recorded as undelivered) does not stop the others.
        this.d.logger.error({ err }, 'call-log alert failed');
      }
    }
    return sent;
  }

  /** Whether a mail could reach anyone; when not, it is logged and kept for the viewer's notice. */
  async #canDeliver(tenantId: string, subject: string): Promise<boolean> {
    const reason = !this.d.mailer.configured
      ? NO_SMTP
      : (await this.d.recipients(tenantId)).length === 0
        ? NO_RECIPIENT
        : undefined;
    if (!reason) return true;
    this.#undelivered(tenantId, subject, reason);
    return false;
  }

  #undelivered(tenantId: string, subject: string, reason: string, err?: unknown): void {
    this.undelivered.add(tenantId, subject, reason);
    this.d.logger.warn(
      { tenant: tenantId, subject, reason, ...(err ? { err } : {}) },
      `notification not sent: ${reason}`,
    );
  }

  /** Sends to the tenant's recipients in Bcc; a mail nobody could get is recorded, and answered as such. */
  async #deliver(tenantId: string, subject: string, text: string): Promise<Outcome> {
    const bcc = await this.d.recipients(tenantId);
    const reason = !this.d.mailer.configured ? NO_SMTP : bcc.length === 0 ? NO_RECIPIENT : undefined;
    if (reason) {
      this.#undelivered(tenantId, subject, reason);
      return 'undelivered';
    }
    try {
      await this.d.mailer.send({ bcc, subject, text });
    } catch (err) {
      this.#undelivered(tenantId, subject, `the SMTP server did not take it (${(err as Error).message})`, err);
      throw err;
    }
    this.undelivered.clear(tenantId);
    return 'sent';
  }

  /** The viewer's call logs for this bot and application, errors only, when the viewer's address is known. */
  #link(log: CallLog): string | undefined {
    if (!this.d.publicUrl) return undefined;
    const u = new URL('call-logs', this.d.publicUrl.endsWith('/') ? this.d.publicUrl : `${this.d.publicUrl}/`);
    u.search = new URLSearchParams({ bot: log.bot, application: log.application, status: 'error' }).toString();
    return u.toString();
  }

  /** True when the tenant's mails for the window are spent: the alert goes in the digest instead. */
  #holdBack(tenantId: string, log: CallLog, kind: 'error' | 'reauth'): boolean {
    if (this.#budget.take(tenantId)) return false;
    this.#digests.add(
      tenantId,
      { ts: log.ts, bot: log.bot, application: log.application, statusCode: log.statusCode, kind },
      this.#budget.untilWindowEnds(tenantId),
    );
    return true;
  }

  async #send(tenantId: string, subject: string, log: CallLog, kind: 'error' | 'reauth'): Promise<Outcome> {
    const link = this.#link(log);
    const why =
      kind === 'reauth'
        ? `${log.application} refused the call with ${log.statusCode}: its access was revoked. Re-authorise the integration; the flag clears on the next successful call.`
        : `This is the first error for ${log.bot}; no further e-mail is sent for this bot for 24 hours.`;
    const text = [
      why,
      '',
      `Time:        ${toIso(log.ts)}`,
      `Bot:         ${log.bot}`,
      `Application: ${log.application}`,
      `Source:      ${log.source}`,
      `User:        ${log.user}`,
      `Request:     ${log.method} ${log.url}`,
      `Status:      ${log.statusCode}`,
      ...(link ? ['', `Open the call log: ${link}`] : []),
    ].join('\n');
    return this.#deliver(tenantId, subject, text);
  }
}
