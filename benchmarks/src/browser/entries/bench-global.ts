/**
 * What every peer's entry puts on the page for the harness: whether recording has started (the
 * scripted visit waits for it, so a recorder that starts late is not spared the work).
 */
export interface BenchGlobal {
  ready(): boolean;
}

export function exposeBench(bench: BenchGlobal): void {
  (globalThis as { __bench?: BenchGlobal }).__bench = bench;
}
