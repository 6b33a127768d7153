import { pino } from 'pino';
import { createApp } from '../app.ts';
import { createMetrics } from '../monitoring/metrics.ts';
import { WriteLoad } from '../http/write-load.ts';
import { failureThrottles, type Services } from '../services.ts';
import type { AssetDirs } from '../static/static-routes.ts';
import { TEST_CONFIG } from './test-server.ts';

/**
 * The app over services that hold no storage: building it touches none, and neither does a
 * request refused before its handler (access, validation, body limits). For route-contract tests
 * over `app.request()`, with no database and no socket; anything that reaches storage throws.
 */
export function stubApp(assets: AssetDirs = {}) {
  // The failure throttles are counts in memory: refusing a wrong operator key or a made-up one touches no storage.
  const stub = {
    config: TEST_CONFIG,
    now: Date.now,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
    ...failureThrottles(Date.now),
    writeLoad: new WriteLoad(TEST_CONFIG.LOUPE_MAX_PENDING_WRITES),
  };
  return createApp(stub as unknown as Services, assets);
}
