import { z } from 'zod';

/**
 * ClickHouse hands back 64-bit integers quoted (a server, by default) or bare (chDB); Loupe asks for
 * bare ones explicitly, but rows are parsed with this so either form reads the same.
 */
export const chInt = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);
export const chBool = z.union([z.boolean(), z.number()]).transform(Boolean);

/** Every stored row is tenant-scoped; `ts` columns are read as epoch milliseconds (`*_ms` aliases). */
export const STORAGE_TZ = 'UTC';
export const DATETIME = `DateTime64(3, '${STORAGE_TZ}')`;
