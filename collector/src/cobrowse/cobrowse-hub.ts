import type { ClickHouseClient } from '@clickhouse/client';
import { COBROWSE_COMMANDS_TABLE, type AgentAction, type CobrowseState, type CobrowseStatus } from '@loupe/schemas';
import type { Logger } from 'pino';
import { z } from 'zod';
import { msParam, selectRows } from '../storage/index.ts';

/** What travels between agent, collectors and page. `join`, `action` and `end` go down to the page. */
export type Command =
  | { kind: 'join'; requestId: string; agentId: string; agentName: string }
  | { kind: 'action'; requestId: string; actionId: string; action: AgentAction }
  | { kind: 'end'; requestId: string; by: 'agent' | 'customer' }
  | { kind: 'consent' | 'refuse'; requestId: string }
  | { kind: 'applied'; requestId: string; actionId: string }
  | { kind: 'refused'; requestId: string; actionId: string; reason: string };

export interface CommandRow {
  id: string;
  tenantId: string;
  sessionId: string;
  at: number;
  command: Command;
}

/** What the agent's page must be told, or the page's: the request and where it stands. */
interface SessionState {
  requestId: string;
  agentId: string;
  agentName: string;
  state: CobrowseState;
  at: number;
  actions: Map<string, { status: 'sent' | 'applied' | 'refused'; reason?: string; action?: AgentAction }>;
}

type PageListener = (row: CommandRow) => void;

/** A collector polls the table this often while a page's stream or a waiting request needs it. */
export const COBROWSE_POLL_MS = 200;

/**
 * How often the ingest path reads the table for join requests made on other collectors. Slower
 * than the page streams' poll: a request only needs to be seen by one of the customer's next
 * batches (seconds apart), and with no one co-browsing this read is pure cost to every ingest.
 */
export const JOIN_LOOKUP_MS = 1_000;
/** Collectors' clocks and the order rows become visible differ by this much at most. */
const SKEW_MS = 5_000;
/** How far back a collector that just started looks for requests still waiting. */
const FIRST_LOOK_MS = 10 * 60_000;
/** A request nobody answered is forgotten after this long (the page never sent a batch). */
const REQUEST_TTL_MS = 10 * 60_000;
/** What this collector keeps of a session's co-browsing: a join lasting longer starts over. */
const KEEP_MS = 24 * 60 * 60_000;

const commandRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  session_id: z.string(),
  at_ms: z.coerce.number(),
  body: z.string(),
});

const keyOf = (tenantId: string, sessionId: string) => `${tenantId}\u0000${sessionId}`;

/**
 * The co-browse control channel of one collector. A command is applied here at once (the fast
 * path: the agent and the page on the same collector) and written to `cobrowse_commands`, which
 * every collector polls while it holds a page's stream or has been asked about a request, so a
 * command reaches the page whichever collector the agent talks to. Rows are applied once each
 * (by id), in the order of their times.
 */
export class CobrowseHub {
  readonly #sessions = new Map<string, SessionState>();
  readonly #pages = new Map<string, Set<PageListener>>();
  readonly #seen = new Map<string, number>();
  #since: number | undefined;
  #lastPoll = 0;
  #polling: Promise<void> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Applies a command here and stores it for the other collectors. */
  async publish(tenantId: string, sessionId: string, command: Command): Promise<void> {
    const row: CommandRow = { id: crypto.randomUUID(), tenantId, sessionId, at: this.now(), command };
    this.#prune();
    this.#apply(row);
    await this.client.insert({
      table: COBROWSE_COMMANDS_TABLE,
      values: [
        {
          tenant_id: tenantId,
          session_id: sessionId,
          id: row.id,
          at: row.at,
          kind: command.kind,
          body: JSON.stringify(command),
        },
      ],
      format: 'JSONEachRow',
    });
  }

  /** Where the session's latest request stands (after reading what other collectors wrote). */
  async status(tenantId: string, sessionId: string): Promise<CobrowseStatus> {
    await this.refresh();
    const s = this.#sessions.get(keyOf(tenantId, sessionId));
    return {
      sessionId,
      requestId: s?.requestId ?? null,
      state: s?.state ?? null,
      agent: s?.agentName ?? null,
      actions: [...(s?.actions ?? [])].map(([actionId, a]) => ({
        actionId,
        status: a.status,
        ...(a.reason ? { reason: a.reason } : {}),
      })),
    };
  }

  /** The session's current request, as this collector knows it (no read: for the ingest path). */
  current(tenantId: string, sessionId: string): Readonly<SessionState> | undefined {
    return this.#sessions.get(keyOf(tenantId, sessionId));
  }

  /**
   * A join waits for this session's page: the ingest answer says so. Triggers a background poll at
   * most every JOIN_LOOKUP_MS, so a request made on another collector is seen by a later batch.
   */
  joinWaiting(tenantId: string, sessionId: string): boolean {
    if (this.now() - this.#lastPoll > JOIN_LOOKUP_MS) void this.refresh();
    const s = this.#sessions.get(keyOf(tenantId, sessionId));
    return s?.state === 'requested' && this.now() - s.at < REQUEST_TTL_MS;
  }

  /** The page's stream: every command for it from now on, and the request waiting, if any. */
  subscribe(tenantId: string, sessionId: string, listener: PageListener): () => void {
    const k = keyOf(tenantId, sessionId);
    let set = this.#pages.get(k);
    if (!set) {
      set = new Set();
      this.#pages.set(k, set);
    }
    set.add(listener);
    this.#timer ??= setInterval(() => void this.refresh(), COBROWSE_POLL_MS);
    this.#timer.unref?.();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#pages.delete(k);
      if (this.#pages.size === 0) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  /** Reads the rows other collectors wrote since the last read (one query at a time, throttled). */
  refresh(): Promise<void> {
    if (this.#polling) return this.#polling;
    if (this.now() - this.#lastPoll < COBROWSE_POLL_MS / 2) return Promise.resolve();
    this.#lastPoll = this.now();
    this.#polling = this.#poll()
      .catch((err: unknown) => this.logger.warn({ err }, 'co-browse commands unreadable'))
      .finally(() => {
        this.#polling = undefined;
      });
    return this.#polling;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #poll(): Promise<void> {
    const from = (this.#since ?? this.now() - FIRST_LOOK_MS) - SKEW_MS;
    const { rows } = await selectRows(
      this.client,
      {
        sql: `SELECT id, tenant_id, session_id, toUnixTimestamp64Milli(at) AS at_ms, body
          FROM ${COBROWSE_COMMANDS_TABLE} WHERE at >= ${msParam('from')} ORDER BY at, id`,
        params: { from },
      },
      commandRow,
    );
    for (const r of rows) {
      this.#apply({
        id: r.id,
        tenantId: r.tenant_id,
        sessionId: r.session_id,
        at: r.at_ms,
        command: JSON.parse(r.body) as Command,
      });
    }
    this.#since = Math.max(this.#since ?? 0, this.now() - SKEW_MS);
    this.#prune();
  }

  /** Forgets what no later read or request needs, so a long-running collector holds only recent joins. */
  #prune(): void {
    const now = this.now();
    // Ids older than any later read can return are no longer needed to tell rows apart.
    const oldest = (this.#since ?? now - FIRST_LOOK_MS) - 2 * SKEW_MS;
    for (const [id, at] of this.#seen) if (at < oldest) this.#seen.delete(id);
    for (const [k, s] of this.#sessions) {
      const over = s.state === 'ended' || s.state === 'refused' || s.state === 'requested';
      if (now - s.at > KEEP_MS || (over && now - s.at > REQUEST_TTL_MS)) this.#sessions.delete(k);
    }
  }

  #apply(row: CommandRow): void {
    if (this.#seen.has(row.id)) return;
    this.#seen.set(row.id, row.at);
    const k = keyOf(row.tenantId, row.sessionId);
    const c = row.command;
    const s = this.#sessions.get(k);
    if (c.kind === 'join') {
      this.#sessions.set(k, {
        requestId: c.requestId,
        agentId: c.agentId,
        agentName: c.agentName,
        state: 'requested',
        at: row.at,
        actions: new Map(),
      });
    } else if (s && s.requestId === c.requestId) {
      if (c.kind === 'consent' && s.state === 'requested') s.state = 'joined';
      else if (c.kind === 'refuse' && s.state === 'requested') s.state = 'refused';
      else if (c.kind === 'end') s.state = 'ended';
      else if (c.kind === 'action') s.actions.set(c.actionId, { status: 'sent', action: c.action });
      else if (c.kind === 'applied' || c.kind === 'refused') {
        const a = s.actions.get(c.actionId);
        s.actions.set(c.actionId, {
          ...a,
          status: c.kind,
          ...(c.kind === 'refused' ? { reason: c.reason } : {}),
        });
      }
    }
    if (c.kind === 'join' || c.kind === 'action' || c.kind === 'end')
      for (const l of this.#pages.get(k) ?? []) {
        try {
          l(row);
        } catch {
          // One broken page stream must not stop the others.
        }
      }
  }
}
