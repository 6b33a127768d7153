import { unpack } from 'msgpackr';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ApiError } from './api-error.ts';

export interface BodyLimits {
  /** Bytes accepted on the wire. */
  maxBytes: number;
  /** Bytes a gzip body may inflate to: the cap that defuses decompression bombs. */
  maxInflatedBytes: number;
  /** Nesting depth of the decoded value; deeper input is refused before any schema walks it. */
  maxDepth: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const MSGPACK_TYPES = new Set(['application/msgpack', 'application/x-msgpack', 'application/vnd.msgpack']);

async function readCapped(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(`body of ${declared} bytes is over the ${maxBytes}-byte limit`);
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(`body is over the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (message: string) => new ApiError(413, { code: 'BODY_TOO_LARGE', message });
const badBody = (message: string) => new ApiError(400, { code: 'INVALID_BODY', message });
export const tooDeep = (maxDepth: number) => badBody(`body nests deeper than ${maxDepth} levels`);

const gunzipAsync = promisify(gunzip);

/**
 * Inflation output step: zlib's default 16 KiB makes a recorder batch (about 1 MB inflated) take
 * some sixty hand-offs between the thread pool and the event loop; 256 KiB steps took half the CPU
 * on the bench's batches. Guessed from the compressed size, so a small body gets a small buffer.
 */
const inflateStep = (compressed: number) => Math.min(256 * 1024, Math.max(16 * 1024, compressed * 8));

/** On the thread pool, not the event loop: other requests go on while a body inflates. Same cap. */
async function inflate(bytes: Uint8Array, limits: BodyLimits): Promise<Uint8Array> {
  try {
    return await gunzipAsync(bytes, {
      maxOutputLength: limits.maxInflatedBytes,
      chunkSize: inflateStep(bytes.byteLength),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw tooLarge(`gzip body inflates to more than ${limits.maxInflatedBytes} bytes`);
    }
    throw badBody(`gzip body is corrupt: ${(e as Error).message}`);
  }
}

/** Iterative, so hostile nesting cannot overflow the stack here (it would, in a recursive walk). */
export function checkDepth(value: unknown, maxDepth: number): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > maxDepth) throw tooDeep(maxDepth);
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
}

/** The body as text; invalid UTF-8 is refused, never replaced. */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badBody('body is not valid UTF-8');
  }
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badBody(`body is not valid JSON: ${(e as Error).message}`);
  }
}

export function decodeMsgpack(bytes: Uint8Array): unknown {
  try {
    return unpack(bytes);
  } catch (e) {
    throw badBody(`body is not valid msgpack: ${(e as Error).message}`);
  }
}

/**
 * Reads a request body's bytes, inflated, and whether they are JSON (else msgpack), gzip or not.
 * The encoding is also recognised by its magic bytes and the format by its first byte, because
 * `navigator.sendBeacon` can set neither `Content-Encoding` nor most content types.
 */
export async function readBodyBytes(req: Request, limits: BodyLimits): Promise<{ bytes: Uint8Array; json: boolean }> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const sniff = type === '' || type === 'text/plain' || type === 'application/octet-stream';
  if (type !== 'application/json' && !MSGPACK_TYPES.has(type) && !sniff) {
    const message = `content type ${JSON.stringify(type)} is not accepted; send application/json or application/x-msgpack`;
    throw new ApiError(415, { code: 'UNSUPPORTED_MEDIA_TYPE', message });
  }
  let bytes = await readCapped(req, limits.maxBytes);
  const encoding = (req.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding && encoding !== 'gzip' && encoding !== 'identity') {
    const message = `content encoding ${JSON.stringify(encoding)} is not accepted; send gzip or none`;
    throw new ApiError(415, { code: 'UNSUPPORTED_ENCODING', message });
  }
  if (encoding === 'gzip' || (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]))
    bytes = await inflate(bytes, limits);
  if (bytes.byteLength === 0) throw badBody('body is empty');
  const json = type === 'application/json' || (sniff && (bytes[0] === 0x7b || bytes[0] === 0x5b));
  return { bytes, json };
}

/** Reads a request body as JSON or msgpack, gzip or not (see readBodyBytes), within `limits`. */
export async function readBody(req: Request, limits: BodyLimits): Promise<unknown> {
  const { bytes, json } = await readBodyBytes(req, limits);
  const value = json ? parseJsonText(utf8Text(bytes)) : decodeMsgpack(bytes);
  checkDepth(value, limits.maxDepth);
  return value;
}
