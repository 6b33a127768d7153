import type { ChangeAudit } from '@loupe/schemas';
import { SEED_CHANGE_AUDITS } from '@loupe/schemas/fixtures';

const FIELDS = ['Name', 'Description', 'Notifications Enabled', 'Routing', 'Working hours', 'Greeting'];
const FACILITIES = ['Channels', 'Data permissions'] as const;
const ACTIONS = ['Add', 'Update', 'Delete'] as const;
const ORIGINS = ['KPICHAT', 'TCMC', 'ExternalAPI'] as const;

/** `n` change audits in seed 000's shape, spread over the last `spanMs` (default: an hour). */
export function changeAudits(n: number, now = Date.now(), spanMs = 3_600_000): ChangeAudit[] {
  const seed = SEED_CHANGE_AUDITS[0]!;
  return Array.from({ length: n }, (_, i) => ({
    ...seed,
    facility: FACILITIES[i % 2]!,
    username: i % 5 === 0 ? 'Administrator' : `admin-${i % 40}`,
    field: FIELDS[i % FIELDS.length]!,
    before: i % 3 === 0 ? '' : `value ${i - 1}`,
    after: `value ${i}`,
    actionDate: now - spanMs + Math.floor((i * spanMs) / n),
    action: ACTIONS[i % 3]!,
    origin: ORIGINS[(i >> 1) % 3]!,
  }));
}
