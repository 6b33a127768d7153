// posthog-js as its docs set it up for session replay, pointed at the stub server. Headless Chromium
// looks like a bot, so the user-agent filter is off; the recorder loads lazily from api_host/static.
import posthog from 'posthog-js';
import { exposeBench } from './bench-global.ts';

posthog.init('phc_loupe_bench', {
  api_host: location.origin,
  opt_out_useragent_filter: true,
  disable_session_recording: false,
  persistence: 'memory',
  // Surveys are not recording; without this PostHog also fetches its surveys bundle.
  disable_surveys: true,
});
exposeBench({ ready: () => posthog.sessionRecordingStarted() });
