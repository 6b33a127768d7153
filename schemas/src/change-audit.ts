import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { platformTime } from './time.ts';
import { id, text } from './text.ts';

/** Vocabularies of the KPI Chat audit export (seed 000). */
export const FACILITIES = ['Channels', 'Data permissions'] as const;
export const CHANGE_ACTIONS = ['Add', 'Update', 'Delete'] as const;
export const ORIGINS = ['KPICHAT', 'TCMC', 'ExternalAPI'] as const;
export const facility = z.enum(FACILITIES);
export const changeAction = z.enum(CHANGE_ACTIONS);
export const origin = z.enum(ORIGINS);

/** One field-level change. Before and After are text: a first Add has an empty Before. */
export function changeAuditSchema(now: () => number = Date.now) {
  return z.strictObject({
    facility,
    username: id,
    field: text(LIMITS.shortText).min(1),
    before: text(LIMITS.auditValue),
    after: text(LIMITS.auditValue),
    actionDate: platformTime(now),
    action: changeAction,
    origin,
  });
}
export type ChangeAudit = z.infer<ReturnType<typeof changeAuditSchema>>;
