import { open } from 'node:fs/promises';

/**
 * The few file operations the spool needs, so a test can stand in a disk that fills up half way
 * through a write (a real full disk needs a mount this machine's tests cannot make).
 */
export interface SpoolFile {
  write(buf: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  truncate(len: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenSpoolFile = (path: string) => Promise<SpoolFile>;

/** Opens for appending: every write lands at the end, wherever a truncation left it. */
export const openSpoolFile: OpenSpoolFile = (path) => open(path, 'a+');

/** Writes all of `buf` or throws: a short write (a full disk) is a failure, never a success. */
export async function writeAll(file: SpoolFile, buf: Buffer): Promise<void> {
  let at = 0;
  while (at < buf.length) {
    const { bytesWritten } = await file.write(buf, at, buf.length - at);
    if (bytesWritten <= 0)
      throw Object.assign(new Error(`short write: ${at} of ${buf.length} bytes`), { code: 'ENOSPC' });
    at += bytesWritten;
  }
}
