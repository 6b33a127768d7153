import type { ClickHouseClient } from '@clickhouse/client';
import {
  JOIN_SEQ_BASE,
  SESSION_BINDINGS_TABLE,
  SESSION_SECRET_HEADER,
  sessionBindingRow,
  type RecorderBatch,
  type SessionBindingRow,
} from '@loupe/schemas';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from 'pino';
import { ApiError } from '../http/api-error.ts';
import { oneAtATime } from '../http/one-at-a-time.ts';
import type { BatchWriter } from '../storage/batch-writer.ts';
import { selectRows } from '../storage/queries/select.ts';
import { TtlCache } from '../admin/ttl-cache.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/**
 * What identifies a retried first batch: its envelope and its replay's text, the received text
 * when there is one (recorder-body.ts), so the replay is not stringified again for it.
 */
function batchDigest(batch: RecorderBatch): string {
  const { replay, replayJson, ...envelope } = batch;
  return createHash('sha256')
    .update(JSON.stringify(envelope))
    .update('\n')
    .update(replayJson ?? JSON.stringify(replay))
    .digest('base64url');
}

type Waiter = { resolve: (rows: SessionBindingRow[]) => void; reject: (e: unknown) => void };
const boundRow = sessionBindingRow.extend({ tenant_id: z.string(), session_id: z.string() });

/**
 * A recorder session belongs to the recorder that started it. Its first batch binds the session to
 * a fresh secret (returned in the 202; 32 random bytes, so an unsalted hash is enough) and every
 * later batch must carry it, so someone who learns a session id cannot write its next seq first.
 * Bindings live in ClickHouse (other collectors, restarts), and are cached here once seen.
 */
export class SessionBindings {
  readonly #known: TtlCache<SessionBindingRow[]>;
  readonly #locks = new Map<string, Promise<unknown>>();
  /** Sessions whose bindings the next read asks for, with who waits for them. */
  #reads = new Map<string, { tenantId: string; sessionId: string; waiters: Waiter[] }>();
  #reading = false;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** New bindings go through the batch writer, so the first batches of many sessions share inserts. */
    private readonly writer?: BatchWriter,
  ) {
    this.#known = new TtlCache(60_000, 50_000, now);
  }

  /**
   * Lets the batch through or throws 403. Answers the secret to hand back when this batch binds
   * the session (its first, or a retry of its first whose answer was lost), and the binding's
   * write, which runs while the batch is stored.
   */
  async admit(
    tenantId: string,
    batch: RecorderBatch,
    secret: string | undefined,
  ): Promise<{ issued?: string; bound?: Promise<void> }> {
    const k = `${tenantId}\u0000${batch.sessionId}`;
    // One decision per session at a time in this process, so two first batches cannot both bind.
    return oneAtATime(this.#locks, k, () => this.#admit(k, tenantId, batch, secret));
  }

  async #admit(
    k: string,
    tenantId: string,
    batch: RecorderBatch,
    secret?: string,
  ): Promise<{ issued?: string; bound?: Promise<void> }> {
    const given = secret ? sha256(secret) : undefined;
    let rows = this.#known.get(k);
    if (!rows?.some((r) => r.secret_hash === given)) {
      try {
        rows = await this.#read(tenantId, batch.sessionId);
      } catch (err) {
        // Storage is down and the batch goes to the spool. What this process saw of the session
        // decides; a session it has not seen cannot be checked, and is let through (a first batch
        // gets a secret this process remembers), so "acknowledged" keeps working in an outage.
        rows = this.#known.stale(k);
        if (!rows) {
          this.logger.warn({ err }, 'session bindings unreadable (storage down): batch admitted unchecked');
          return secret ? {} : this.#bind(k, tenantId, batch, []);
        }
      }
    }
    if (rows.length === 0) return this.#bind(k, tenantId, batch, rows);
    const mine = given ? rows.find((r) => r.secret_hash === given) : undefined;
    if (mine) {
      this.#known.set(k, rows);
      if (mine.joined) assertAgentBatch(batch);
      return {};
    }
    const firstHash = batchDigest(batch);
    const retriedFirst = rows.some((r) => r.first_seq === batch.seq && r.first_hash === firstHash);
    if (retriedFirst) return this.#bind(k, tenantId, batch, rows);
    const message = `session ${batch.sessionId} was started by another recorder; send its session secret (X-Loupe-Session-Secret or ?ss=)`;
    throw new ApiError(403, { code: 'SESSION_NOT_YOURS', message, path: SESSION_SECRET_HEADER });
  }

  /**
   * A token for an agent's recorder to join the session (co-browsing): only the holder of a
   * customer's secret of the session gets one (a join token cannot make more), so knowing the
   * session id is not enough. The token is bound like a secret, marked `joined`.
   */
  async join(tenantId: string, sessionId: string, secret: string | undefined): Promise<string> {
    const k = `${tenantId}\u0000${sessionId}`;
    return oneAtATime(this.#locks, k, async () => {
      const given = secret ? sha256(secret) : undefined;
      const rows = await this.#read(tenantId, sessionId);
      if (!given || !rows.some((r) => r.secret_hash === given && !r.joined)) {
        const message = `only the recorder of session ${sessionId} may let an agent join it; send its session secret`;
        throw new ApiError(403, { code: 'SESSION_NOT_YOURS', message, path: SESSION_SECRET_HEADER });
      }
      const token = randomBytes(32).toString('base64url');
      const row = {
        secret_hash: sha256(token),
        first_seq: rows[0]!.first_seq,
        first_hash: rows[0]!.first_hash,
        joined: true,
      };
      const values = [{ tenant_id: tenantId, session_id: sessionId, ...row, created_at: this.now() }];
      await this.client.insert({ table: SESSION_BINDINGS_TABLE, values, format: 'JSONEachRow' });
      this.#known.set(k, [...rows, row]);
      return token;
    });
  }

  /**
   * Whether `secret` is one of the session's own recorder (not a join token): the customer's page,
   * for the co-browse channel (cobrowse/page-routes.ts).
   */
  async owns(tenantId: string, sessionId: string, secret: string | undefined): Promise<boolean> {
    if (!secret) return false;
    const given = sha256(secret);
    const k = `${tenantId}\u0000${sessionId}`;
    let rows = this.#known.get(k);
    if (!rows?.some((r) => r.secret_hash === given)) rows = await this.#read(tenantId, sessionId);
    return rows.some((r) => r.secret_hash === given && !r.joined);
  }

  async #bind(
    k: string,
    tenantId: string,
    batch: RecorderBatch,
    rows: SessionBindingRow[],
  ): Promise<{ issued: string; bound: Promise<void> }> {
    const issued = randomBytes(32).toString('base64url');
    const row = {
      secret_hash: sha256(issued),
      first_seq: rows[0]?.first_seq ?? batch.seq,
      first_hash: rows[0]?.first_hash ?? batchDigest(batch),
    };
    const values = [{ tenant_id: tenantId, session_id: batch.sessionId, ...row, created_at: this.now() }];
    // Not awaited here: the batch is stored meanwhile, and the answer waits for both (ingest-routes.ts).
    // A binding that cannot be stored is only logged, so storing it first would guard nothing.
    const bound = (
      this.writer
        ? this.writer.write(SESSION_BINDINGS_TABLE, values)
        : this.client.insert({ table: SESSION_BINDINGS_TABLE, values, format: 'JSONEachRow' }).then(() => undefined)
    ).catch((err: unknown) =>
      this.logger.warn({ err }, 'session binding not stored (storage down); this process remembers it'),
    );
    this.#known.set(k, [...rows, row]);
    return { issued, bound };
  }

  /**
   * The session's bindings. The sessions asked for in one tick, and while a read runs, are read
   * together in the next query, so many first batches cost one read instead of one each.
   */
  #read(tenantId: string, sessionId: string): Promise<SessionBindingRow[]> {
    return new Promise((resolve, reject) => {
      const k = `${tenantId}\u0000${sessionId}`;
      const entry = this.#reads.get(k) ?? { tenantId, sessionId, waiters: [] };
      entry.waiters.push({ resolve, reject });
      this.#reads.set(k, entry);
      if (!this.#reading) {
        this.#reading = true;
        setImmediate(() => void this.#readRounds());
      }
    });
  }

  async #readRounds(): Promise<void> {
    while (this.#reads.size > 0) {
      const round = this.#reads;
      this.#reads = new Map();
      const asked = [...round.values()];
      try {
        const { rows } = await selectRows(
          this.client,
          {
            sql: `SELECT tenant_id, session_id, secret_hash, first_seq, first_hash, joined FROM ${SESSION_BINDINGS_TABLE}
              WHERE tenant_id IN {t:Array(String)} AND session_id IN {s:Array(String)}`,
            params: { t: [...new Set(asked.map((a) => a.tenantId))], s: asked.map((a) => a.sessionId) },
          },
          boundRow,
        );
        // The query may match another tenant's session of the same id: only exact pairs count.
        const found = new Map<string, SessionBindingRow[]>();
        for (const { tenant_id, session_id, ...r } of rows) {
          const k = `${tenant_id}\u0000${session_id}`;
          found.set(k, [...(found.get(k) ?? []), r]);
        }
        for (const [k, e] of round) for (const w of e.waiters) w.resolve(found.get(k) ?? []);
      } catch (err) {
        for (const e of asked) for (const w of e.waiters) w.reject(err);
      }
    }
    this.#reading = false;
  }
}

/**
 * What a joined agent may add to a customer's session: its own actions, flagged as the agent's,
 * without a DOM of its own (its page would overwrite the customer's in the replay), in seqs of its
 * own (below JOIN_SEQ_BASE it could take a customer's seq first and have the real batch dropped
 * as a duplicate).
 */
function assertAgentBatch(batch: RecorderBatch): void {
  const wrong = !batch.isAgent
    ? 'isAgent must be true'
    : batch.replay.length
      ? 'replay must be empty'
      : batch.seq < JOIN_SEQ_BASE
        ? `seq must be at least ${JOIN_SEQ_BASE}`
        : null;
  if (!wrong) return;
  const message = `this session was joined as an agent: ${wrong}`;
  throw new ApiError(403, { code: 'JOINED_AS_AGENT', message, path: SESSION_SECRET_HEADER });
}
