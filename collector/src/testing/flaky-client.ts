import type { ClickHouseClient } from '@clickhouse/client';

/** A switch in front of a real client: while `down`, every call fails as a refused connection would. */
export interface FlakyClient {
  client: ClickHouseClient;
  down: boolean;
}

export function flakyClient(real: ClickHouseClient): FlakyClient {
  const state: FlakyClient = { client: real, down: false };
  const refused = () =>
    Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' }));
  state.client = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || !['query', 'insert', 'command', 'exec', 'ping'].includes(String(prop)))
        return value;
      return (...args: unknown[]) =>
        state.down ? refused() : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return state;
}
