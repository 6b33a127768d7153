import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { platformTime } from './time.ts';
import { id, text } from './text.ts';
import { vocabulary } from './vocabulary.ts';

/** Vocabularies of the KPI Chat audit export (seed 000). */
export const FACILITIES = ['Channels', 'Data permissions'] as const;
export const CHANGE_ACTIONS = ['Add', 'Update', 'Delete'] as const;
export const ORIGINS = ['KPICHAT', 'TCMC', 'ExternalAPI'] as const;
export const facility = z.enum(FACILITIES);
export const changeAction = z.enum(CHANGE_ACTIONS);
export const origin = z.enum(ORIGINS);

/**
 * Seed 000 writes "Data permission" in its filter and "Data Permissions" in its prose, "External
 * API" in its filter and `ExternalAPI` in its CSV: every such spelling is taken and stored as the
 * one canonical value above, which reads and the CSV then show.
 */
export const facilityWords = vocabulary(FACILITIES, {
  Channels: ['Channel'],
  'Data permissions': ['Data permission', 'Data-Permissions', 'DataPermission'],
});
export const originWords = vocabulary(ORIGINS, {
  KPICHAT: ['KPI Chat', 'KPI-CHAT'],
  ExternalAPI: ['External API'],
});
export const actionWords = vocabulary(CHANGE_ACTIONS);
/** The filter's word for no facility filter (seed 000's "All facilities"), and its variants. */
export const ALL_WORDS = ['All', 'All facilities', 'All origins', 'All actions', 'Any'] as const;

/** One field-level change. Before and After are text: a first Add has an empty Before. */
export function changeAuditSchema(now: () => number = Date.now) {
  return z.strictObject({
    facility: facilityWords.schema,
    username: id,
    field: text(LIMITS.shortText).min(1),
    before: text(LIMITS.auditValue),
    after: text(LIMITS.auditValue),
    actionDate: platformTime(now),
    action: actionWords.schema,
    origin: originWords.schema,
  });
}
export type ChangeAudit = z.infer<ReturnType<typeof changeAuditSchema>>;
