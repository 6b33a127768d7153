import type { CobrowseEvent, RecorderBatch } from '@loupe/schemas';

/** `import type` only: the schemas (and zod) must never ship to the page. */
export type { CobrowseEvent, RecorderBatch };
export type CobrowseType = CobrowseEvent['type'];
export type DataOf<T extends CobrowseType> = Extract<CobrowseEvent, { type: T }>['data'];
export type RecorderUser = NonNullable<RecorderBatch['user']>;
export type CustomValue = DataOf<'CUSTOM_EVENT'>['value'];

/** Records one co-browse event of the current page, now. */
export type EmitEvent = <T extends CobrowseType>(type: T, data: DataOf<T>) => void;
