import type { AuditEvent, CallLog } from '@loupe/schemas';
import { sampleAuditEvents, sampleCallLog } from '@loupe/schemas/fixtures';

/** Records per POST: platforms send logs in arrays; a thousand is a typical flush of a log shipper. */
export const PLATFORM_BATCH = 1_000;

const BOTS = ['Support bot', 'Sales bot', 'Billing bot', 'Onboarding bot'];
const APPS = ['Salesforce', 'Zendesk', 'SAP', 'HubSpot'];
const CODES = [200, 200, 200, 200, 201, 204, 302, 400, 404, 500, 0];

/** `n` audit events of every type, from many users, over the last hour. */
export function auditEvents(n: number, now = Date.now()): AuditEvent[] {
  const kinds = sampleAuditEvents(0);
  return Array.from({ length: n }, (_, i) => {
    const k = kinds[i % kinds.length]!;
    return { ...k, ts: now - 3_600_000 + ((i * 37) % 3_600_000), userId: `agent-${i % 500}` };
  });
}

/** `n` call logs across bots, applications, methods and outcomes (some errors, some unreachable hosts). */
export function callLogs(n: number, now = Date.now()): CallLog[] {
  return Array.from({ length: n }, (_, i) => {
    const code = CODES[i % CODES.length]!;
    return sampleCallLog(now - 3_600_000 + ((i * 53) % 3_600_000), {
      bot: BOTS[i % BOTS.length]!,
      application: APPS[(i >> 2) % APPS.length]!,
      statusCode: code,
      durationMs: 20 + ((i * 7919) % 2_000),
      user: `user-${i % 300}@example.com`,
      url: `https://api.example.com/v1/accounts/${i % 1000}?q=${i}`,
      response: code >= 400 || code === 0 ? `{"error":"failed ${i}"}` : `{"id":"${i}","name":"Ada"}`,
    });
  });
}
