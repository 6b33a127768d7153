import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The secret that keys API-key hashes: LOUPE_KEY_SECRET when set (several collectors on one
 * ClickHouse must share it), else a file made at first start. The file sits outside ClickHouse on
 * purpose, so a copy of the database alone cannot check guesses at keys; losing it makes every
 * stored key unknown (the operator's LOUPE_ADMIN_KEY/LOUPE_SITE_KEY are registered again at start).
 */
export async function loadKeySecret(fromEnv: string | undefined, file: string): Promise<string> {
  if (fromEnv) return fromEnv;
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept.length >= 32) return kept;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const made = randomBytes(32).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  // `wx`: two collectors starting at once on one folder do not overwrite each other's secret.
  await writeFile(file, `${made}\n`, { mode: 0o600, flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  await chmod(file, 0o600);
  return (await readFile(file, 'utf8')).trim();
}
