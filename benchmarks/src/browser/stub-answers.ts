/**
 * What the stub server answers each peer's collection endpoints, just enough for each SDK to
 * believe it is talking to its own backend and keep recording. Everything else posted gets 200 {}.
 */
export interface StubAnswer {
  status: number;
  body: string;
  type?: string;
}

const json = (value: unknown, status = 200): StubAnswer => ({
  status,
  body: JSON.stringify(value),
  type: 'application/json',
});

/** PostHog's remote config: session recording on, gzip accepted (what its cloud answers). */
const POSTHOG_CONFIG = {
  sessionRecording: { endpoint: '/s/' },
  supportedCompression: ['gzip', 'gzip-js'],
  autocapture_opt_out: false,
  capturePerformance: false,
  heatmaps: false,
  surveys: false,
  siteApps: [],
  hasFeatureFlags: false,
};

export function stubAnswer(method: string, path: string): StubAnswer | null {
  if (path === '/v1/ingest') return json({ stored: true, duplicate: false }, 202);
  if (path.startsWith('/openreplay/v1/web/start')) {
    return json({
      token: 'bench-token',
      userUUID: 'bench-user',
      sessionID: String(Date.now()),
      projectID: '1',
      delay: 0,
      beaconSizeLimit: 1_000_000,
      startTimestamp: Date.now(),
    });
  }
  if (path.startsWith('/openreplay/v1/web/tags')) return json({ tags: [] });
  if (path.startsWith('/openreplay/')) return json({});
  if (/^\/array\/[^/]+\/config\.js/.test(path)) return { status: 404, body: 'not here' };
  if (/^\/array\/[^/]+\/config/.test(path)) return json(POSTHOG_CONFIG);
  if (path.startsWith('/flags') || path.startsWith('/decide'))
    return json({ featureFlags: {}, featureFlagPayloads: {}, errorsWhileComputingFlags: false, ...POSTHOG_CONFIG });
  if (method === 'POST') return json({ status: 1 });
  return null;
}
