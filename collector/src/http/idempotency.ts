import type { ClickHouseClient } from '@clickhouse/client';
import {
  IDEMPOTENCY_CLAIMS_SQL,
  IDEMPOTENCY_HEADER,
  IDEMPOTENCY_TABLE,
  idempotencyClaimRow,
  idempotencyKey,
  type IdempotencyClaim,
  type IdempotencyRowIn,
} from '@loupe/schemas';
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { TtlCache } from '../admin/ttl-cache.ts';
import { selectRows } from '../storage/queries/select.ts';
import { ApiError, invalid } from './api-error.ts';
import { oneAtATime } from './one-at-a-time.ts';

export interface Answer {
  status: ContentfulStatusCode;
  body: object;
}

type Replayable = Answer & { replayed: boolean };

interface Scope {
  tenantId: string;
  route: string;
  key: string;
}

/** A claim not finished in this long belongs to a request that died: a retry may run again. */
const CLAIM_LIVES_MS = 60_000;
/** Answers this process gave, for retries while storage is down (ClickHouse is the record). */
const MEMORY_MS = 24 * 60 * 60 * 1000;

/**
 * Stripe's `Idempotency-Key`: a retry with the same key (per tenant and route) runs nothing and
 * gets the first answer again; the same key with another body is refused with 422; a retry while
 * the first is still running gets 409. Requests of one key run one at a time in a process; across
 * collectors a claim row in ClickHouse decides (the oldest live claim runs). Only successful
 * answers are kept: a failed request releases its claim, so its retry runs.
 */
export class Idempotency {
  readonly #running = new Map<string, Promise<unknown>>();
  readonly #memory: TtlCache<{ bodyHash: string; answer: Answer }>;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.#memory = new TtlCache(MEMORY_MS, 10_000, now);
  }

  async run(scope: Scope, body: unknown, handler: () => Promise<Answer>): Promise<Replayable> {
    const k = `${scope.tenantId}\u0000${scope.route}\u0000${scope.key}`;
    const bodyHash = createHash('sha256')
      .update(JSON.stringify(body) ?? '')
      .digest('base64url');
    return oneAtATime(this.#running, k, () => this.#run(scope, k, bodyHash, handler));
  }

  async #run(scope: Scope, k: string, bodyHash: string, handler: () => Promise<Answer>): Promise<Replayable> {
    const known = this.#memory.get(k);
    if (known) return replay(known.bodyHash, known.answer, bodyHash);
    const claim = randomUUID();
    const claimed = await this.#claim(scope, claim, bodyHash);
    if (claimed && 'replay' in claimed) return claimed.replay;
    let answer: Answer;
    try {
      answer = await handler();
    } catch (e) {
      if (claimed) await this.#write(scope, claim, 'released', bodyHash).catch(() => undefined);
      throw e;
    }
    this.#memory.set(k, { bodyHash, answer });
    await this.#write(scope, claim, 'done', bodyHash, answer).catch((err: unknown) => {
      this.logger.warn({ err }, 'idempotency key not recorded in storage; this process remembers it');
    });
    return { ...answer, replayed: false };
  }

  /**
   * Claims the key in ClickHouse, or says how to answer instead. Storage that is down does not
   * stop the write (it goes to the spool): the key is then only in this process's memory.
   */
  async #claim(
    scope: Scope,
    claim: string,
    bodyHash: string,
  ): Promise<{ ok: true } | { replay: Replayable } | undefined> {
    try {
      const before = this.#decide(await this.#claims(scope), bodyHash);
      if (before) return { replay: before };
      await this.#write(scope, claim, 'claimed', bodyHash);
      const claims = await this.#claims(scope);
      const first = claims.find((c) => c.state === 'done' || this.#live(c));
      if (first && first.claim !== claim) return { replay: this.#decide(claims, bodyHash)! };
      return { ok: true };
    } catch (err) {
      if (err instanceof ApiError) throw err;
      this.logger.warn({ err }, 'idempotency keys unreadable (storage down): this process decides alone');
      return undefined;
    }
  }

  /** The first answer when one is stored; a refusal when the key is in use; else nothing. */
  #decide(claims: IdempotencyClaim[], bodyHash: string): Replayable | undefined {
    const done = claims.find((c) => c.state === 'done');
    if (done) {
      const first: Answer = { status: done.status as ContentfulStatusCode, body: JSON.parse(done.response) as object };
      return replay(done.body_hash, first, bodyHash);
    }
    if (claims.some((c) => this.#live(c))) {
      const message = `a request with this ${IDEMPOTENCY_HEADER} is still running; retry in a moment`;
      throw new ApiError(409, { code: 'IDEMPOTENCY_IN_PROGRESS', message, headers: { 'Retry-After': '1' } });
    }
    return undefined;
  }

  #live(c: IdempotencyClaim): boolean {
    return c.state === 'claimed' && this.now() - c.claimed_ms < CLAIM_LIVES_MS;
  }

  async #claims(scope: Scope): Promise<IdempotencyClaim[]> {
    const params = { t: scope.tenantId, r: scope.route, k: scope.key };
    const { rows } = await selectRows(this.client, { sql: IDEMPOTENCY_CLAIMS_SQL, params }, idempotencyClaimRow);
    return rows;
  }

  async #write(scope: Scope, claim: string, state: IdempotencyRowIn['state'], bodyHash: string, answer?: Answer) {
    const row: IdempotencyRowIn = {
      tenant_id: scope.tenantId,
      route: scope.route,
      key: scope.key,
      claim,
      state,
      body_hash: bodyHash,
      status: answer?.status ?? 0,
      response: answer ? JSON.stringify(answer.body) : '',
      at: this.now(),
    };
    await this.client.insert({ table: IDEMPOTENCY_TABLE, values: [row], format: 'JSONEachRow' });
  }
}

function replay(storedHash: string, answer: Answer, bodyHash: string): Replayable {
  if (storedHash !== bodyHash) {
    const message = `this ${IDEMPOTENCY_HEADER} was used with another request body; use a new key for a new request`;
    throw new ApiError(422, { code: 'IDEMPOTENCY_KEY_REUSED', message, path: IDEMPOTENCY_HEADER });
  }
  return { ...answer, replayed: true };
}

/**
 * Answers a write through `Idempotency` when the request carries the header, else runs it plainly.
 * A replayed answer carries `Idempotent-Replayed: true`, as Stripe's do.
 */
export async function answerIdempotently(
  c: Context,
  store: Idempotency,
  tenantId: string,
  body: unknown,
  handler: () => Promise<Answer>,
): Promise<Response> {
  const header = c.req.header(IDEMPOTENCY_HEADER);
  if (header === undefined) {
    const a = await handler();
    return c.json(a.body, a.status);
  }
  const key = idempotencyKey.safeParse(header);
  if (!key.success) throw invalid(key.error, [IDEMPOTENCY_HEADER]);
  const a = await store.run({ tenantId, route: c.req.routePath, key: key.data }, body, handler);
  if (a.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(a.body, a.status);
}
