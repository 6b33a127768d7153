// @sentry/browser with its replay integration recording every session, DSN on the stub server.
import * as Sentry from '@sentry/browser';
import { exposeBench } from './bench-global.ts';

Sentry.init({
  dsn: `http://loupebench@${location.host}/1`,
  integrations: [Sentry.replayIntegration()],
  replaysSessionSampleRate: 1,
  replaysOnErrorSampleRate: 0,
});
exposeBench({ ready: () => Boolean(Sentry.getReplay()?.getReplayId()) });
