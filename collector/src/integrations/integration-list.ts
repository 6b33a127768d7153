import { statusOf, type IntegrationItem, type IntegrationStateName, type RegisteredIntegration } from '@loupe/schemas';
import type { IntegrationState } from '../notify/error-alerts.ts';

function stateOf(s: IntegrationState): IntegrationStateName {
  if (s.needsReauth) return 'needs_reauth';
  return statusOf(s.lastStatus) === 'success' ? 'healthy' : 'failing';
}

const ORDER: Record<IntegrationStateName, number> = { needs_reauth: 0, failing: 1, healthy: 2, no_calls: 3 };

/**
 * GET /v1/integrations: every integration a bot called (by application and bot), with what the
 * platform registered for it, and the registered ones nothing called yet. Broken ones first.
 */
export function integrationList(
  states: readonly IntegrationState[],
  registered: readonly RegisteredIntegration[],
): IntegrationItem[] {
  const byName = new Map(registered.map((r) => [r.name, r]));
  const called = new Set(states.map((s) => s.application));
  const items: IntegrationItem[] = states.map((s) => {
    const r = byName.get(s.application);
    return {
      application: s.application,
      bot: s.bot,
      needsReauth: s.needsReauth,
      state: stateOf(s),
      since: s.since,
      lastStatus: s.lastStatus,
      kind: r?.kind ?? null,
      reauthorizeUrl: r?.reauthorizeUrl ?? null,
    };
  });
  for (const r of registered)
    if (!called.has(r.name))
      items.push({
        application: r.name,
        bot: '',
        needsReauth: false,
        state: 'no_calls',
        since: r.registeredAt,
        lastStatus: null,
        kind: r.kind,
        reauthorizeUrl: r.reauthorizeUrl,
      });
  return items.sort(
    (a, b) =>
      ORDER[a.state] - ORDER[b.state] || a.application.localeCompare(b.application) || a.bot.localeCompare(b.bot),
  );
}
