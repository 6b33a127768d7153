import type { ClickHouseClient } from '@clickhouse/client';
import { DEFAULT_SETTINGS, SETTINGS_SELECT, SETTINGS_TABLE, settingsRow, type TenantSettings } from '@loupe/schemas';
import type { z } from 'zod';
import { selectRows } from '../storage/queries/select.ts';
import { TtlCache } from './ttl-cache.ts';

/** Per-tenant settings (seed 000 archiving, seed 001 retention and e-mails), defaults until first saved. */
export class SettingsStore {
  readonly #cache: TtlCache<TenantSettings>;

  constructor(
    private readonly client: ClickHouseClient,
    cacheMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#cache = new TtlCache(cacheMs, 10_000, now);
  }

  async get(tenantId: string): Promise<TenantSettings> {
    const cached = this.#cache.get(tenantId);
    if (cached) return cached;
    let rows: z.infer<typeof settingsRow>[];
    try {
      ({ rows } = await selectRows(
        this.client,
        {
          sql: `SELECT ${SETTINGS_SELECT} FROM ${SETTINGS_TABLE} FINAL WHERE tenant_id = {tenant:String}`,
          params: { tenant: tenantId },
        },
        settingsRow,
      ));
    } catch (e) {
      // Storage is down: the last settings seen keep ingest (origins, retention) working.
      const stale = this.#cache.stale(tenantId);
      if (stale) return stale;
      throw e;
    }
    const r = rows[0];
    const settings: TenantSettings = r
      ? {
          archiveAfterMonths: r.archive_after_months,
          callLogRetentionDays: r.call_log_retention_days,
          notificationRecipients: r.notification_recipients,
          siteOrigins: r.site_origins,
          redactPatterns: r.redact_patterns,
          notifyRoles: r.notify_roles,
        }
      : DEFAULT_SETTINGS;
    this.#cache.set(tenantId, settings);
    return settings;
  }

  async put(tenantId: string, s: TenantSettings): Promise<void> {
    const now = this.now();
    await this.client.insert({
      table: SETTINGS_TABLE,
      values: [
        {
          tenant_id: tenantId,
          archive_after_months: s.archiveAfterMonths,
          call_log_retention_days: s.callLogRetentionDays,
          notification_recipients: s.notificationRecipients,
          site_origins: s.siteOrigins,
          redact_patterns: s.redactPatterns,
          notify_roles: s.notifyRoles,
          updated_at: now,
          version: now,
        },
      ],
      format: 'JSONEachRow',
    });
    this.#cache.set(tenantId, s);
  }
}
