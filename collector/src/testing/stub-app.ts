import { pino } from 'pino';
import { createApp } from '../app.ts';
import { createMetrics } from '../monitoring/metrics.ts';
import type { Services } from '../services.ts';
import type { AssetDirs } from '../static/static-routes.ts';
import { TEST_CONFIG } from './test-server.ts';

/**
 * The app over services that hold no storage: building it touches none, and neither does a
 * request refused before its handler (access, validation, body limits). For route-contract tests
 * over `app.request()`, with no database and no socket; anything that reaches storage throws.
 */
export function stubApp(assets: AssetDirs = {}) {
  const stub = { config: TEST_CONFIG, now: Date.now, metrics: createMetrics(), logger: pino({ level: 'silent' }) };
  return createApp(stub as unknown as Services, assets);
}
