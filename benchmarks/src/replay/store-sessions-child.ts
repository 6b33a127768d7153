// Child process: stores whole sessions with the collector's own row mappings (what RecorderSink
// writes for their batches), so a collector started on the folder replays them. Posting an hour
// of a session through HTTP would take most of the quick run's time and measure ingest again.
import { migrate, openClickHouse } from '@loupe/collector/storage';
import { readFileSync } from 'node:fs';
import type { Fixture } from '../fixture/fixture.ts';
import { sessionBatches, type SessionPlan } from '../fixture/session-factory.ts';
import { insertPrepared, jsonEachRowChunks } from '../ingest/engine-insert.ts';
import { RECORDER_TABLES, recorderRows } from '../ingest/recorder-rows.ts';
import { childIo } from '../util/child.ts';

export interface StoreSessionsInput {
  fixtureFile: string;
  dataDir: string;
  sessions: SessionPlan[];
}

const { input, done } = childIo<StoreSessionsInput>();
const fixture = JSON.parse(readFileSync(input.fixtureFile, 'utf8')) as Fixture;
const client = await openClickHouse({ kind: 'embedded', dataDir: input.dataDir });
await migrate(client);
for (const plan of input.sessions) {
  const rows = recorderRows(sessionBatches(fixture, plan));
  for (const table of RECORDER_TABLES) await insertPrepared(client, table, jsonEachRowChunks(rows[table]!));
}
done({});
