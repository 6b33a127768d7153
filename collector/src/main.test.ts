import { spawnCollector, type CollectorProcess } from '@loupe/testkit/collector-process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'loupe-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the collector as `start` does, and resolves with its URL and everything it printed by then. */
async function start(env: Record<string, string>): Promise<{ proc: CollectorProcess; url: string; out: string }> {
  const proc = await spawnCollector({
    dir: fileURLToPath(new URL('..', import.meta.url)),
    env: { PATH: process.env.PATH, PORT: '0', LOUPE_DATA_DIR: dataDir, LOUPE_LOG_LEVEL: 'warn', ...env },
  });
  return { proc, url: proc.url, out: proc.output() };
}

const stop = (proc: CollectorProcess) => proc.stop();

describe('start', () => {
  it('prints an admin and a site key once on first start, and they keep working after a restart', async () => {
    const first = await start({});
    const adminKey = /Admin API key \(shown once\): (\S+)/.exec(first.out)?.[1];
    expect(adminKey).toMatch(/^lpk_/);
    expect(first.out).toMatch(/Site key \(shown once\): +lps_/);
    expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: 'ok', clickhouse: 'up' });
    expect(await stop(first.proc)).toBe(0);

    const second = await start({});
    expect(second.out).not.toContain('shown once');
    const settings = await fetch(`${second.url}/v1/settings`, { headers: { Authorization: `Bearer ${adminKey}` } });
    expect(settings.status).toBe(200);
    expect(await stop(second.proc)).toBe(0);
  });

  it('takes the keys an operator supplies, without printing them', async () => {
    const adminKey = 'admin-key-from-env-0123456789-abcdef';
    const run = await start({ LOUPE_ADMIN_KEY: adminKey, LOUPE_SITE_KEY: 'site-key-from-env-0123456789-abcdef' });
    expect(run.out).not.toContain('shown once');
    expect((await fetch(`${run.url}/v1/settings`, { headers: { Authorization: `Bearer ${adminKey}` } })).status).toBe(
      200,
    );
    expect(await stop(run.proc)).toBe(0);
  });

  it('stops at start-up with a message naming every bad variable', async () => {
    await expect(start({ PORT: 'eighty', CLICKHOUSE_URL: 'ftp://x' })).rejects.toThrow(
      /exited with 2[\s\S]*PORT="eighty"[\s\S]*CLICKHOUSE_URL="ftp:\/\/x"/,
    );
  });
});

describe('loadConfig', () => {
  it('defaults to embedded ClickHouse in ./data on port 8080', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 8080, LOUPE_DATA_DIR: './data', LOUPE_ADMIN_USER: 'admin' });
    expect(c.CLICKHOUSE_URL).toBeUndefined();
  });

  it('splits LOUPE_SITE_ORIGINS and refuses short secrets', () => {
    expect(loadConfig({ LOUPE_SITE_ORIGINS: 'https://a.example, https://b.example' }).LOUPE_SITE_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(() => loadConfig({ LOUPE_ADMIN_KEY: 'short' })).toThrow(
      /LOUPE_ADMIN_KEY="short": must be at least 32 characters/,
    );
  });
});
