import type { RecorderOptions } from './options.ts';

/** The script tag's attributes we read; `dataset` holds the `data-*` ones in camelCase. */
export interface EmbedTag {
  src: string;
  dataset: Record<string, string | undefined>;
}

const flag = (v: string | undefined) => (v === undefined ? undefined : v !== 'false' && v !== '0');

/** `data-*` attributes (camelCased by `dataset`) and the options they set. */
const FLAGS = { agent: 'isAgent', maskAllInputs: 'maskAllInputs', maskText: 'maskText', recordDom: 'recordDom' } as const;
const NUMBERS = {
  flushInterval: 'flushIntervalMs',
  maxBatchBytes: 'maxBatchBytes',
  maxQueueBytes: 'maxQueueBytes',
  sessionIdle: 'sessionIdleMs',
  maxSession: 'maxSessionMs',
  idlePause: 'idlePauseMs',
  checkoutEvery: 'checkoutEveryMs',
  mutationLimit: 'mutationLimit',
} as const;
const TEXTS = ['blockSelector', 'maskSelector', 'ignoreSelector', 'unmaskSelector'] as const;

/**
 * Options from `<script src=".../recorder.js" data-key="..." ...>`. The collector defaults to the
 * origin that served the script, and the rrweb part to the file next to it, of the same version.
 */
export function embedOptions(tag: EmbedTag, version: string): RecorderOptions & { rrwebSrc: string } {
  const d = tag.dataset;
  const src = new URL(tag.src, location.href);
  const o: RecorderOptions & Record<string, unknown> = { endpoint: d.endpoint || src.origin, key: d.key ?? '' };
  for (const [attr, option] of Object.entries(FLAGS)) o[option] = flag(d[attr]);
  for (const [attr, option] of Object.entries(NUMBERS)) o[option] = d[attr] ? Number(d[attr]) : undefined;
  for (const option of TEXTS) o[option] = d[option] || undefined;
  if (d.userId) o.user = d.userName ? { id: d.userId, name: d.userName } : { id: d.userId };
  return { ...o, rrwebSrc: d.rrwebSrc || new URL(`recorder-rrweb.js?v=${encodeURIComponent(version)}`, src).href };
}
