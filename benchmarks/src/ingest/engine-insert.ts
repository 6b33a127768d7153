import type { ClickHouseClient } from '../util/clickhouse-client.ts';
import { Readable } from 'node:stream';

/** Largest text one insert statement carries: chDB takes the statement as one string, and V8 strings top out near 512 MB. */
const MAX_INSERT_CHARS = 32 * 1024 * 1024;

/** Rows as JSONEachRow texts of at most MAX_INSERT_CHARS each, made before any timing starts. */
export function jsonEachRowChunks(rows: readonly object[]): string[] {
  const chunks: string[] = [];
  let lines: string[] = [];
  let size = 0;
  for (const r of rows) {
    const line = JSON.stringify(r);
    if (size + line.length > MAX_INSERT_CHARS && lines.length) {
      chunks.push(lines.join('\n'));
      lines = [];
      size = 0;
    }
    lines.push(line);
    size += line.length + 1;
  }
  if (lines.length) chunks.push(lines.join('\n'));
  return chunks;
}

/**
 * The engine's own limit: prepared JSONEachRow text handed straight to chDB in the largest
 * statements it takes, one table after another (a chDB connection runs one query at a time).
 */
export async function insertPrepared(
  client: ClickHouseClient,
  table: string,
  chunks: readonly string[],
): Promise<void> {
  for (const text of chunks)
    await client.exec({ query: `INSERT INTO ${table} FORMAT JSONEachRow`, values: Readable.from([text]) });
}
