import { describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.ts';

const error = async (r: Response) => ((await r.json()) as { error: { code: string } }).error;

describe('rate limits', () => {
  it('answers 429 with Retry-After once a key spends its burst, and other keys go on', async () => {
    const tight = await startTestServer({ LOUPE_RATE_PER_SECOND: 1, LOUPE_RATE_BURST: 3 });
    try {
      const get = (key: string) => fetch(`${tight.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${key}` } });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await get(tight.adminKey)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await get(tight.adminKey);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await error(limited)).toMatchObject({ code: 'RATE_LIMITED' });
      const other = await tight.addTenant('tenant-rl');
      expect((await get(other.adminKey)).status).toBe(200);
    } finally {
      await tight.close();
    }
  });
});
