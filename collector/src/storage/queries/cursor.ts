import { z } from 'zod';

/** A keyset position: the time and id of the last row a page returned. */
const position = z.object({ t: z.number().int(), id: z.string().max(64) });
export type Position = z.infer<typeof position>;

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly code = 'INVALID_CURSOR';
}

/** Cursors are opaque to clients: base64url JSON, so their shape can change without breaking anyone. */
export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    return position.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (cause) {
    throw new InvalidCursorError(`cursor ${JSON.stringify(cursor.slice(0, 40))} is not one this API returned`, {
      cause,
    });
  }
}
