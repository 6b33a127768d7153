import { DEFAULTS, type RecorderOptions } from './options.ts';

/** The script tag's attributes we read; `dataset` holds the `data-*` ones in camelCase. */
export interface EmbedTag {
  src: string;
  dataset: Record<string, string | undefined>;
}

const TEXTS = ['blockSelector', 'maskSelector', 'ignoreSelector', 'unmaskSelector'] as const;

/**
 * Options from `<script src=".../recorder.js" data-key="..." ...>`. The collector defaults to the
 * origin that served the script, and the rrweb part to the file next to it, of the same version.
 * Every option with a default has an attribute (camelCased by `dataset`): its own name, less the
 * `Ms` of durations (`data-flush-interval` sets `flushIntervalMs`), and `data-agent` for `isAgent`.
 * Flags are on unless "false" or "0"; an empty number leaves the default. The attributes also go
 * along as they are (`data`), so an option read only by the lazily loaded part
 * (`data-capture-network`) costs the loader nothing.
 */
export function embedOptions(tag: EmbedTag, version: string): RecorderOptions & { rrwebSrc: string } {
  const d = tag.dataset;
  const src = new URL(tag.src, location.href);
  const o: RecorderOptions & Record<string, unknown> = {
    endpoint: d.endpoint || src.origin,
    key: d.key ?? '',
    data: d,
  };
  for (const [option, fallback] of Object.entries(DEFAULTS)) {
    const v = d[option === 'isAgent' ? 'agent' : option.replace(/Ms$/, '')];
    if (v !== undefined) o[option] = typeof fallback === 'number' ? Number(v) || undefined : v !== 'false' && v !== '0';
  }
  for (const option of TEXTS) o[option] = d[option] || undefined;
  if (d.userId) o.user = d.userName ? { id: d.userId, name: d.userName } : { id: d.userId };
  return { ...o, rrwebSrc: d.rrwebSrc || new URL(`recorder-rrweb.js?v=${encodeURIComponent(version)}`, src).href };
}
