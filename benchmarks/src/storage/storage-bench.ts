import { rmSync } from 'node:fs';
import type { BenchOptions } from '../bench-options.ts';
import type { Fixture } from '../fixture/fixture.ts';
import { benchSessionId, sessionBatches } from '../fixture/session-factory.ts';
import { ENCODINGS } from '../fixture/encodings.ts';
import type { Figure, Goal, Section } from '../report/figure.ts';
import { bytes, num } from '../report/format.ts';
import { runChild } from '../util/child.ts';
import { scratchDir } from '../util/scratch-dir.ts';
import type { StorageInput, StorageResult } from './storage-child.ts';
import { wireBytes } from './wire-bytes.ts';

export const STORAGE_TITLE = '2. Wire and storage';
const WIRE_GOAL: Goal = { op: '<=', target: 0.25, text: '≤ 1/4 of plain rrweb JSON' };
export const COBROWSE_DISK_GOAL: Goal = { op: '<=', target: 16, text: '≤ 16 B/row' };
export const STORAGE_FIGURES = [
  { name: 'wire: json+gzip (what the recorder sends) / plain rrweb JSON', goal: WIRE_GOAL },
];
const SESSION_MINUTES = 10;

function wireFigures(fixture: Fixture): Figure[] {
  const batches = sessionBatches(fixture, {
    sessionId: benchSessionId('wire', 0),
    start: Date.now() - 3_600_000,
    durationMs: SESSION_MINUTES * 60_000,
  });
  const w = wireBytes(batches, SESSION_MINUTES);
  const perMin = (b: number) => b / w.minutes;
  return [
    {
      name: 'wire: plain rrweb JSON (baseline) per minute',
      value: perMin(w.rrwebJson),
      unit: 'B',
      display: `${bytes(perMin(w.rrwebJson))}/min`,
    },
    ...ENCODINGS.map((e): Figure => {
      const ratio = w.byEncoding[e] / w.rrwebJson;
      const recorder = e === 'json+gzip';
      return {
        name: recorder
          ? 'wire: json+gzip (what the recorder sends) / plain rrweb JSON'
          : `wire: ${e} / plain rrweb JSON`,
        value: ratio,
        unit: '',
        display: `${bytes(perMin(w.byEncoding[e]))}/min = ${num(ratio)} × baseline`,
        ...(e.endsWith('+gzip') ? { goal: WIRE_GOAL } : {}),
      };
    }),
  ];
}

function diskFigures(r: StorageResult): Figure[] {
  const figures = r.tables.map(
    (t): Figure => ({
      name: `disk: ${t.table} bytes per row`,
      value: t.compressedBytes / Math.max(1, t.rows),
      unit: 'B/row',
      display: `${num(t.compressedBytes / Math.max(1, t.rows))} B/row (${num(t.rows)} rows, ${bytes(t.compressedBytes)})`,
    }),
  );
  const ratio = r.payload.uncompressed / Math.max(1, r.payload.compressed);
  figures.push({
    name: 'disk: replay_chunks payload compression ratio',
    value: ratio,
    unit: '×',
    display: `${num(ratio)} × (${bytes(r.payload.uncompressed)} → ${bytes(r.payload.compressed)})`,
  });
  return figures;
}

export async function storageBench(
  o: BenchOptions,
  fixture: Fixture,
  fixtureFile: string,
  log: (s: string) => void,
): Promise<Section> {
  log('wire and storage');
  const dataDir = scratchDir('storage');
  const { sessions, platformRecords } = o.storage;
  try {
    const input: StorageInput = {
      fixtureFile,
      dataDir,
      sessions,
      sessionMs: SESSION_MINUTES * 60_000,
      platformRecords,
    };
    const r = await runChild<StorageResult>('storage/storage-child.ts', input, 600_000);
    return {
      title: STORAGE_TITLE,
      figures: [...wireFigures(fixture), ...diskFigures(r)],
      notes: [
        `Wire: a ${SESSION_MINUTES}-minute session made from the recorded fixture (${fixture.page}; the visit repeats every 30 s, full snapshot every 5 min, batches every 5 s or 256,000 characters as the recorder cuts them), each batch encoded whole; gzip at level 6 (CompressionStream's). The baseline is what bare rrweb posts: the same rrweb events as plain JSON.`,
        `Disk: ${sessions} such sessions and ${num(platformRecords)} each of audit events, call logs and change audits stored with the collector's own row mappings in a child process, then OPTIMIZE TABLE … FINAL; bytes are system.parts data_compressed_bytes / rows (active parts), the payload ratio is system.columns data_uncompressed_bytes / data_compressed_bytes. Fixture sessions repeat the same visit, so their values repeat far more than real traffic's and these bytes per row are a floor, not a forecast: the ${COBROWSE_DISK_GOAL.text} goal is judged on part 3's generated table, whose values vary as real ones do.`,
      ],
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
