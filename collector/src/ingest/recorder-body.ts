import { type RecorderBatch, RRWEB_EVENT_TYPE } from '@loupe/schemas';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../http/caller.ts';
import {
  checkDepth,
  decodeMsgpack,
  parseJsonText,
  readBodyBytes,
  tooDeep,
  utf8Text,
  type BodyLimits,
} from '../http/read-body.ts';
import { parse } from '../http/validate.ts';
import { scanReplay } from './replay-text.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A recorder batch's body, checked as validBody checks it, except that a JSON batch's replay is
 * kept as the text received (`replayJson`) and stored as it came: rrweb's events are most of the
 * bytes, and walking, copying and stringifying them again was the collector's largest cost. The
 * schema still judges every event's type and time (from stand-ins holding just those), the text's
 * depth and lone surrogates are checked on the text itself (replay-text.ts), and a body the
 * shortcut does not fit (msgpack, surrogate escapes, a repeated key) takes the full walk.
 */
export function recorderBody(schema: z.ZodType, limits: BodyLimits): MiddlewareHandler<AppEnv> {
  return async function recorderBatchBody(c, next) {
    const { bytes, json } = await readBodyBytes(c.req.raw, limits);
    const text = json ? utf8Text(bytes) : undefined;
    const value = text === undefined ? decodeMsgpack(bytes) : parseJsonText(text);
    const scan = text !== undefined && isRecord(value) ? scanReplay(text, limits.maxDepth) : { kind: 'walk' as const };
    if (scan.kind === 'too deep') throw tooDeep(limits.maxDepth);
    let batch: RecorderBatch;
    if (scan.kind === 'text' && isRecord(value) && Array.isArray(value.replay)) {
      const events = value.replay as unknown[];
      // Events nest below the depth the scan has checked; the schema sees only what it judges.
      // (`data` must be there, and may be anything: its stand-in is null.) Plugin events (type 6,
      // the recorder's console and network entries) are judged whole, so they go in as they are.
      const standIns = events.map((e) =>
        isRecord(e) && e.type !== RRWEB_EVENT_TYPE.Plugin
          ? { type: e.type, timestamp: e.timestamp, data: e.data === undefined ? undefined : null }
          : e,
      );
      const checked = parse(schema, { ...value, replay: standIns }) as RecorderBatch;
      batch = { ...checked, replay: events as RecorderBatch['replay'], replayJson: scan.replayJson };
    } else {
      checkDepth(value, limits.maxDepth);
      batch = parse(schema, value) as RecorderBatch;
    }
    c.req.addValidatedData('json', batch);
    await next();
  };
}
