import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { epochMs } from './time.ts';
import { id, text, url } from './text.ts';

/** The seven co-browsing event types of the Chatvisor audit log (seed 002). */
export const COBROWSE_TYPES = ['CLICK', 'SCROLL', 'INPUT', 'FORM', 'PAGECHANGE', 'SELECTION', 'CUSTOM_EVENT'] as const;
export const cobrowseType = z.enum(COBROWSE_TYPES);
export type CobrowseType = z.infer<typeof cobrowseType>;

/** `target` names the element: its name or id, else a short selector. */
const target = id;
const coordinate = z.number().int().min(-1_000_000).max(100_000_000);
const optionalText = (max: number = LIMITS.text) => text(max).min(1).optional();

/** The `data` shape of each co-browse type (DESIGN.md, wire shapes). */
export const cobrowseData = {
  CLICK: z.strictObject({
    target,
    text: optionalText(LIMITS.shortText),
    x: coordinate.optional(),
    y: coordinate.optional(),
  }),
  SCROLL: z.strictObject({ target: target.optional(), x: coordinate, y: coordinate }),
  INPUT: z.strictObject({ target, value: text() }),
  FORM: z.strictObject({ target }),
  PAGECHANGE: z.strictObject({ url, title: optionalText(LIMITS.shortText) }),
  SELECTION: z.strictObject({ text: text(), target: target.optional() }),
  CUSTOM_EVENT: z.strictObject({
    eventType: id,
    value: z.union([text(), z.number(), z.boolean(), z.null()]),
  }),
} as const;

const base = { ts: epochMs, url: url.optional() };

export const cobrowseEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('CLICK'), ...base, data: cobrowseData.CLICK }),
  z.strictObject({ type: z.literal('SCROLL'), ...base, data: cobrowseData.SCROLL }),
  z.strictObject({ type: z.literal('INPUT'), ...base, data: cobrowseData.INPUT }),
  z.strictObject({ type: z.literal('FORM'), ...base, data: cobrowseData.FORM }),
  z.strictObject({ type: z.literal('PAGECHANGE'), ...base, data: cobrowseData.PAGECHANGE }),
  z.strictObject({ type: z.literal('SELECTION'), ...base, data: cobrowseData.SELECTION }),
  z.strictObject({ type: z.literal('CUSTOM_EVENT'), ...base, data: cobrowseData.CUSTOM_EVENT }),
]);
export type CobrowseEvent = z.infer<typeof cobrowseEvent>;
