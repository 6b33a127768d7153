import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where archived months are written: one Parquet file per tenant, table, month and run, in a
 * folder by default. Kept behind this small interface so an object store (ClickHouse's `s3()`)
 * can stand in for the folder without touching the job.
 */
export interface ArchiveFiles {
  /** A new file's path for one month of one table. */
  pathFor(tenantId: string, table: string, month: number, runId: string): string;
  /** A glob over every archived file of a tenant's table. */
  globFor(tenantId: string, table: string): string;
  exists(path: string): boolean;
  /** Whether a tenant's table has any archived file, since reading an empty glob is an error. */
  hasAny(tenantId: string, table: string): boolean;
  remove(path: string): void;
  /** Makes the file's folder, where the target needs it. */
  prepare(path: string): void;
}

export function folderArchive(root: string): ArchiveFiles {
  const base = resolve(root);
  return {
    pathFor: (t, table, month, run) => join(base, t, table, `${month}-${run}.parquet`),
    globFor: (t, table) => join(base, t, table, '*.parquet'),
    exists: (p) => existsSync(p),
    hasAny: (t, table) =>
      existsSync(join(base, t, table)) && readdirSync(join(base, t, table)).some((f) => f.endsWith('.parquet')),
    remove: (p) => rmSync(p, { force: true }),
    prepare: (p) => mkdirSync(dirname(p), { recursive: true }),
  };
}
