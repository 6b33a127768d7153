// @openreplay/tracker against the stub server; plain http needs its secure mode off.
import Tracker from '@openreplay/tracker';
import { exposeBench } from './bench-global.ts';

const tracker = new Tracker({
  projectKey: 'loupe-bench',
  ingestPoint: `${location.origin}/openreplay`,
  __DISABLE_SECURE_MODE: true,
});
void tracker.start();
exposeBench({ ready: () => tracker.isActive() });
