/** Waits `ms`; every wait in the bench is bounded, so this is the only sleep it needs. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
