/**
 * Read replicas (docs/deployment.md, Read replicas; docs/decisions/0020-read-replicas.md): with
 * `DATABASE_REPLICA_URL`, the stores that only read (the directory, value listing, group
 * aggregates, coverage, and the analytics engine's loads) are given a handle on a PostgreSQL
 * streaming replica, while every other store (accounts, sessions, rate limits, audit, every
 * write) keeps the primary.
 *
 * - **Read-your-writes.** A request that may write (any method but GET, HEAD and OPTIONS) reads
 *   from the primary throughout, and leaves a marker with its browser: the primary's
 *   `pg_current_wal_lsn()` after the request, and a deadline `windowMs` away. That browser's
 *   following requests read from the primary until the deadline passes or the replica's
 *   `pg_last_wal_replay_lsn()` has reached the marker, whichever comes first. Every other reader
 *   reads from the replica, however far behind it is.
 * - **The replica failing.** A connection the replica refuses, or one that breaks under a query,
 *   sends the query to the primary instead (never an error for the reader); the outage is logged
 *   once, and the replica is tried again after a back-off that doubles up to a limit.
 * - **Outside requests** (the background precompute, tests): reads go to the replica.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { connect, type QueryPool } from "./database.js";
import type { Db, Tables } from "./schema.js";

/** A read handle: Kysely and the pool-like object behind it (the analytics store's bulk reads). */
export interface ReadHandle {
  db: Db;
  pool: QueryPool;
}

/** What the router logs through (pino's `warn` and `info`). */
export interface ReplicaLogger {
  warn(message: string): void;
  info(message: string): void;
}

export interface ReadRouterOptions {
  /** The primary's pool (the `Database` every writer uses). */
  primary: pg.Pool;
  /** The replica's connection string (password included: never logged). */
  replicaUrl: string;
  /** How long after a write its writer reads from the primary at most (ms). */
  windowMs: number;
  logger?: ReplicaLogger;
  /** The first back-off after a failure (ms; default 5 s), doubled at each failure up to `maxRetryMs`. */
  retryMs?: number;
  /** The longest back-off (ms; default 60 s). */
  maxRetryMs?: number;
  poolSize?: number;
  applicationName?: string;
  now?: () => number;
}

/** A request, as far as routing its reads goes. */
export interface RequestInfo {
  method: string;
  /** The read-your-writes marker its browser sent (the cookie's value), if any. */
  marker: string | undefined;
}

export interface ReadRouter {
  /** Reads for the request in progress: the replica, unless read-your-writes says the primary. */
  reads: ReadHandle;
  /** Reads shared by every request (the analytics engine's state): the replica while it answers. */
  shared: ReadHandle;
  windowMs: number;
  /** Runs `fn` (and everything it starts) as the request `info`'s reads. */
  enter(info: RequestInfo, fn: () => void): void;
  /** Whether a request of this method may write (so reads from the primary and leaves a marker). */
  writes(method: string): boolean;
  /** The marker to leave after a request that may have written: the primary's WAL position now. */
  afterWrite(): Promise<string>;
  /** Closes the replica's pool (the primary's stays its owner's). */
  close(): Promise<void>;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const MARKER = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})~(\d{1,15})$/;
/** The replica's replay position is asked at most this often (ms) for markers. */
const REPLAY_CHECK_MS = 100;

interface RequestState {
  primaryOnly: boolean;
  /** The marker's LSN and deadline (ms), when the browser sent a valid one. */
  marker: { lsn: bigint; until: number } | undefined;
  decision?: Promise<"replica" | "primary">;
}

function writes(method: string): boolean {
  return !READ_METHODS.has(method.toUpperCase());
}

/** A WAL position ("16/B374D848") as a number, for comparisons. */
function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split("/");
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/**
 * Errors that mean the replica, not the query, failed: no connection, a broken one, a server
 * shutting down or starting (class 08, 57P01-57P03), and a query cancelled by a conflict with
 * recovery (40001 on a hot standby: the primary answers it instead, the replica is not down).
 */
function replicaFault(e: unknown): "down" | "conflict" | null {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? "";
  if (code === "40001") return "conflict";
  if (code.startsWith("08") || ["57P01", "57P02", "57P03"].includes(code)) return "down";
  if (
    ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND"].includes(code)
  )
    return "down";
  return /connection terminated|timeout exceeded when trying to connect|not queryable|connection error/i.test(
    err.message ?? "",
  )
    ? "down"
    : null;
}

/** The replica's state: usable, or down until a time (with the back-off doubling meanwhile). */
class ReplicaHealth {
  private down = false;
  private until = 0;
  private backoff: number;

  constructor(
    private readonly retryMs: number,
    private readonly maxRetryMs: number,
    private readonly now: () => number,
    private readonly logger: ReplicaLogger | undefined,
  ) {
    this.backoff = retryMs;
  }

  usable(): boolean {
    return this.now() >= this.until;
  }

  failed(e: unknown): void {
    if (!this.down)
      this.logger?.warn(
        `read replica unreachable (${(e as Error).message ?? String(e)}): reads go to the primary, the replica is tried again after a back-off`,
      );
    this.down = true;
    this.until = this.now() + this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.maxRetryMs);
  }

  answered(): void {
    if (this.down) this.logger?.info("read replica answers again: reads go to it");
    this.down = false;
    this.until = 0;
    this.backoff = this.retryMs;
  }
}

/** `pg.Pool`'s promise `query`, over a `connect` of our own. */
function queryOver(connectFn: () => Promise<pg.PoolClient>): QueryPool["query"] {
  return (async (...args: unknown[]) => {
    const client = await connectFn();
    try {
      return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      client.release();
    }
  }) as unknown as QueryPool["query"];
}

function isSubmittable(value: unknown): boolean {
  return typeof (value as { submit?: unknown } | null)?.submit === "function";
}

export function createReadRouter(options: ReadRouterOptions): ReadRouter {
  const now = options.now ?? Date.now;
  const health = new ReplicaHealth(
    options.retryMs ?? 5_000,
    options.maxRetryMs ?? 60_000,
    now,
    options.logger,
  );
  const replica = connect(options.replicaUrl, options.poolSize, options.applicationName, {
    connectionTimeoutMillis: 2_000,
    keepAlive: true,
  });
  const requests = new AsyncLocalStorage<RequestState>();
  let replay: { at: number; lsn: Promise<bigint | null> } | undefined;

  /** The replica's replay position (cached briefly); null when it cannot be asked. */
  function replayLsn(): Promise<bigint | null> {
    if (replay && now() - replay.at < REPLAY_CHECK_MS) return replay.lsn;
    const lsn = replica.pool
      .query<{ lsn: string | null }>("SELECT pg_last_wal_replay_lsn()::text AS lsn")
      .then(
        ({ rows }) => {
          health.answered();
          return rows[0]?.lsn ? lsnValue(rows[0].lsn) : null;
        },
        (e: unknown) => {
          if (replicaFault(e) === "down") health.failed(e);
          return null;
        },
      );
    replay = { at: now(), lsn };
    return lsn;
  }

  /** Where the request in progress reads, decided once per request. */
  function target(perRequest: boolean): "replica" | "primary" | Promise<"replica" | "primary"> {
    if (!health.usable()) return "primary";
    const state = perRequest ? requests.getStore() : undefined;
    if (!state) return "replica";
    if (state.primaryOnly) return "primary";
    if (!state.marker || now() >= state.marker.until) return "replica";
    const marker = state.marker;
    state.decision ??= replayLsn().then((lsn) =>
      lsn !== null && lsn >= marker.lsn && health.usable() ? "replica" : "primary",
    );
    return state.decision;
  }

  /**
   * A replica client that sends a query failing for the replica's sake (not the query's) to a
   * primary client instead, outside transactions; streams (COPY) are passed through as they are.
   */
  function guarded(client: pg.PoolClient): pg.PoolClient {
    let current = client;
    let onReplica = true;
    let inTransaction = false;
    // Between giving the replica's client back and holding the primary's: nothing to release.
    let between = false;
    const query = (...args: unknown[]): unknown => {
      const run = current.query.bind(current) as (...a: unknown[]) => unknown;
      const first = args[0];
      if (!onReplica || isSubmittable(first) || typeof args.at(-1) === "function")
        return run(...args);
      const text = typeof first === "string" ? first : ((first as { text?: string })?.text ?? "");
      if (/^\s*(begin|start transaction)/i.test(text)) inTransaction = true;
      if (/^\s*(commit|rollback|end)\b/i.test(text)) inTransaction = false;
      const transactional = inTransaction;
      return (run(...args) as Promise<unknown>).catch(async (e: unknown) => {
        const fault = replicaFault(e);
        if (!onReplica || transactional || fault === null) throw e;
        if (fault === "down") health.failed(e);
        onReplica = false;
        between = true;
        current.release(fault === "down" ? (e as Error) : undefined);
        current = await options.primary.connect();
        between = false;
        return (current.query as (...a: unknown[]) => Promise<unknown>)(...args);
      });
    };
    return new Proxy(client, {
      get(_target, property) {
        if (property === "query") return query;
        if (property === "release")
          return (err?: Error | boolean) => (between ? undefined : current.release(err));
        const value: unknown = Reflect.get(current, property);
        return typeof value === "function" ? (value as () => unknown).bind(current) : value;
      },
    });
  }

  function handle(perRequest: boolean): ReadHandle {
    const connectFn = async (): Promise<pg.PoolClient> => {
      if ((await target(perRequest)) === "replica") {
        try {
          const client = await replica.pool.connect();
          health.answered();
          return guarded(client);
        } catch (e) {
          health.failed(e);
        }
      }
      return options.primary.connect();
    };
    const pool = { connect: connectFn, query: queryOver(connectFn) };
    const dialectPool = { connect: connectFn, end: () => Promise.resolve() };
    return {
      db: new Kysely<Tables>({
        dialect: new PostgresDialect({ pool: dialectPool as unknown as pg.Pool }),
      }),
      pool,
    };
  }

  return {
    reads: handle(true),
    shared: handle(false),
    windowMs: options.windowMs,
    writes,
    enter(info, fn) {
      const match = info.marker === undefined ? null : MARKER.exec(info.marker);
      // A marker's deadline is never believed past one window from now (the browser keeps it).
      const marker = match
        ? {
            lsn: lsnValue(`${match[1]}/${match[2]}`),
            until: Math.min(Number(match[3]), now() + options.windowMs),
          }
        : undefined;
      requests.run({ primaryOnly: writes(info.method), marker }, fn);
    },
    async afterWrite() {
      const { rows } = await options.primary.query<{ lsn: string }>(
        "SELECT pg_current_wal_lsn()::text AS lsn",
      );
      return `${rows[0]!.lsn}~${now() + options.windowMs}`;
    },
    close: () => replica.db.destroy(),
  };
}
