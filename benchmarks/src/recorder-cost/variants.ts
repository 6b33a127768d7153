/** The recorders compared, side by side on the same page; 'none' is the baseline each is measured against. */
export const VARIANTS = ['none', 'loupe', 'rrweb', 'posthog', 'sentry', 'openreplay'] as const;
export type Variant = (typeof VARIANTS)[number];

export const LABELS: Record<Variant, string> = {
  none: 'no recorder',
  loupe: 'Loupe',
  rrweb: 'bare @rrweb/record',
  posthog: 'posthog-js',
  sentry: '@sentry/browser + replay',
  openreplay: '@openreplay/tracker',
};

/** The three products Loupe is held against (bare rrweb is a reference, not a product). */
export const PRODUCTS = ['posthog', 'sentry', 'openreplay'] as const satisfies readonly Variant[];

export const BENCH_SITE_KEY = 'bench-site-key-0123456789-0123456789';

/**
 * The tag each variant puts in the page. Loupe uses its documented embed (deferred, loading rrweb
 * lazily); the peers are their npm packages bundled with a tiny entry, loaded first in <head>.
 */
export function scriptTag(variant: string, origin: string): string {
  if (variant === 'none' || variant === '') return '';
  if (variant === 'loupe')
    return `<script src="/loupe/recorder.js" data-key="${BENCH_SITE_KEY}" data-endpoint="${origin}" defer></script>`;
  return `<script src="/bench/${variant}.js"></script>`;
}
