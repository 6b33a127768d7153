import { SqlFailedError } from './errors.ts';

export interface EngineError {
  message: string;
  code: string;
  type: string;
}

/**
 * ClickHouse errors arrive as the client's ClickHouseError, but chDB builds them with its own copy
 * of the client library, so `instanceof` is unreliable: recognise them by shape instead.
 */
export function asEngineError(e: unknown): EngineError | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, type } = e as Error & { code?: unknown; type?: unknown };
  if ((typeof code !== 'string' && typeof code !== 'number') || typeof type !== 'string') return undefined;
  return { message: e.message.trim(), code: String(code), type };
}

// TIMEOUT_EXCEEDED, and TOO_SLOW when ClickHouse predicts the time limit will be exceeded.
const TIMEOUT_TYPES = new Set(['TIMEOUT_EXCEEDED', 'TOO_SLOW']);

/** Engine errors become SqlFailedError; anything else (a closed connection) is not the analyst's doing and passes through. */
export function toFailure(e: unknown): unknown {
  const engine = asEngineError(e);
  if (!engine) return e;
  const code = TIMEOUT_TYPES.has(engine.type) ? 'SQL_TIMEOUT' : 'SQL_FAILED';
  return new SqlFailedError(code, engine.message, { code: engine.code, type: engine.type });
}
