/** How big and how often: quick mode scales everything down to finish within five minutes. */
export interface BenchOptions {
  quick: boolean;
  ingest: {
    rounds: number;
    recorders: number;
    windowMs: number;
    platformWindowMs: number;
    engineSessions: number;
    engineRecords: number;
  };
  storage: { sessions: number; platformRecords: number };
  query: {
    events: number;
    sessions: number;
    auditEvents: number;
    callLogs: number;
    changeAudits: number;
    repeats: number;
  };
  recorderCost: { rounds: number };
  replay: { repeats: number };
}

export function benchOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  return quick
    ? {
        quick,
        ingest: {
          rounds: 2,
          recorders: 32,
          windowMs: 5_000,
          platformWindowMs: 2_000,
          engineSessions: 30,
          engineRecords: 30_000,
        },
        storage: { sessions: 15, platformRecords: 20_000 },
        query: {
          events: 1_000_000,
          sessions: 1_000,
          auditEvents: 100_000,
          callLogs: 100_000,
          changeAudits: 100_000,
          repeats: 5,
        },
        // One visit per recorder: each costs ~20 s, and the quick run must end within five minutes.
        recorderCost: { rounds: 1 },
        replay: { repeats: 3 },
      }
    : {
        quick,
        ingest: {
          rounds: 3,
          recorders: 32,
          windowMs: 20_000,
          platformWindowMs: 8_000,
          engineSessions: 100,
          engineRecords: 200_000,
        },
        storage: { sessions: 50, platformRecords: 200_000 },
        query: {
          events: 10_000_000,
          sessions: 10_000,
          auditEvents: 1_000_000,
          callLogs: 1_000_000,
          changeAudits: 1_000_000,
          repeats: 9,
        },
        recorderCost: { rounds: 5 },
        replay: { repeats: 5 },
      };
}
