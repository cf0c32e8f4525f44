/**
 * Read replicas (src/storage/replica.ts) against a real primary and streaming replica started
 * here from PostgreSQL 15's server programs: where reads go, read-your-writes while the replica
 * lags (its replay paused), and the replica going away and coming back.
 */
import Fastify from "fastify";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../src/storage/database.js";
import { migrateToLatest } from "../../src/storage/migrate.js";
import { createReadRouter, type ReadHandle, type ReadRouter } from "../../src/storage/replica.js";
import { composeServices } from "../../src/web/compose.js";
import { registerReadYourWrites } from "../../src/web/read-your-writes.js";
import { pgServerMissing } from "../support/requirements.js";
import { startStreamingPair, type StreamingPair } from "../support/streaming-replica.js";

const missing = pgServerMissing();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(50);
  }
}

describe.skipIf(missing)("read replicas", () => {
  let pair: StreamingPair;
  let primary: pg.Pool;
  let replicaAdmin: pg.Pool;
  let router: ReadRouter;
  const logged: string[] = [];

  /** Runs `fn` as one request's reads (what the web's preHandler hook does). */
  function asRequest<T>(
    info: { method: string; marker?: string | undefined },
    fn: () => Promise<T>,
    on: ReadRouter = router,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      on.enter({ method: info.method, marker: info.marker }, () => void fn().then(resolve, reject)),
    );
  }

  async function inRecovery(handle: ReadHandle): Promise<boolean> {
    const { rows } = await sql<{
      recovery: boolean;
    }>`SELECT pg_is_in_recovery() AS recovery`.execute(handle.db);
    return rows[0]!.recovery;
  }

  async function notesBy(handle: ReadHandle, author: string): Promise<number> {
    const { rows } = await handle.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM notes WHERE author = $1",
      [author],
    );
    return rows[0]!.n;
  }

  /** Waits until the replica has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const { rows } = await primary.query<{ lsn: string }>(
      "SELECT pg_current_wal_lsn()::text AS lsn",
    );
    await until(
      async () =>
        (
          await replicaAdmin.query<{ done: boolean }>(
            "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done",
            [rows[0]!.lsn],
          )
        ).rows[0]!.done,
      "the replica replays the primary's WAL",
    );
  }

  beforeAll(async () => {
    pair = await startStreamingPair();
    primary = new pg.Pool({ connectionString: pair.primaryUrl, max: 4 });
    replicaAdmin = new pg.Pool({ connectionString: pair.replicaUrl, max: 1 });
    replicaAdmin.on("error", () => undefined);
    router = createReadRouter({
      primary,
      replicaUrl: pair.replicaUrl,
      windowMs: 60_000,
      retryMs: 200,
      maxRetryMs: 200,
      logger: { warn: (m) => logged.push(`warn: ${m}`), info: (m) => logged.push(`info: ${m}`) },
    });
    await primary.query("CREATE TABLE notes (id serial PRIMARY KEY, author text NOT NULL)");
    await caughtUp();
  }, 60_000);

  afterAll(async () => {
    await router?.close();
    await replicaAdmin?.end();
    await primary?.end();
    await pair?.destroy();
  }, 30_000);

  it("sends a GET request's reads to the replica, and a POST request's to the primary", async () => {
    expect(await asRequest({ method: "GET" }, () => inRecovery(router.reads))).toBe(true);
    expect(await asRequest({ method: "HEAD" }, () => inRecovery(router.reads))).toBe(true);
    // Outside any request (the background precompute) and through the shared handle: the replica.
    expect(await inRecovery(router.reads)).toBe(true);
    expect(await inRecovery(router.shared)).toBe(true);
    const { rows } = await router.shared.pool.query<{ r: boolean }>(
      "SELECT pg_is_in_recovery() AS r",
    );
    expect(rows[0]!.r).toBe(true);
    expect(await asRequest({ method: "POST" }, () => inRecovery(router.reads))).toBe(false);
  });

  it("lets the writer read the write while the replica lags, and nobody else", async () => {
    await replicaAdmin.query("SELECT pg_wal_replay_pause()");
    try {
      // Person A posts: the write goes to the primary, and the request's own reads see it.
      const marker = await asRequest({ method: "POST" }, async () => {
        await primary.query("INSERT INTO notes (author) VALUES ('a')");
        expect(await notesBy(router.reads, "a")).toBe(1);
        return router.afterWrite();
      });
      expect(marker).toMatch(/^[0-9A-F]+\/[0-9A-F]+~\d+$/);
      await sleep(300); // the replica would have replayed it by now, were it not paused
      // A's next page reads from the primary and sees the note…
      const a = await asRequest({ method: "GET", marker }, async () => ({
        recovery: await inRecovery(router.reads),
        notes: await notesBy(router.reads, "a"),
      }));
      expect(a).toEqual({ recovery: false, notes: 1 });
      // …while B reads from the lagging replica, which has not got it yet.
      const b = await asRequest({ method: "GET" }, async () => ({
        recovery: await inRecovery(router.reads),
        notes: await notesBy(router.reads, "a"),
      }));
      expect(b).toEqual({ recovery: true, notes: 0 });
      // A marker past its window counts for nothing, however far behind the replica is.
      const brief = createReadRouter({ primary, replicaUrl: pair.replicaUrl, windowMs: 150 });
      try {
        const old = await asRequest({ method: "POST" }, () => brief.afterWrite(), brief);
        await sleep(250);
        expect(
          await asRequest({ method: "GET", marker: old }, () => inRecovery(brief.reads), brief),
        ).toBe(true);
        // A marker's deadline is never believed past one window from now.
        const forged = `${old.split("~")[0]}~${Date.now() + 3_600_000}`;
        expect(
          await asRequest({ method: "GET", marker: forged }, () => inRecovery(brief.reads), brief),
        ).toBe(false);
      } finally {
        await brief.close();
      }
      // Once the replica has replayed past the write, A reads from it again, within the window.
      await replicaAdmin.query("SELECT pg_wal_replay_resume()");
      await until(
        async () => (await asRequest({ method: "GET" }, () => notesBy(router.reads, "a"))) === 1,
        "the replica replays the note",
      );
      await sleep(150); // past the router's cached replay position
      expect(
        await asRequest({ method: "GET", marker }, async () => ({
          recovery: await inRecovery(router.reads),
          notes: await notesBy(router.reads, "a"),
        })),
      ).toEqual({ recovery: true, notes: 1 });
    } finally {
      await replicaAdmin.query("SELECT pg_wal_replay_resume()").catch(() => undefined);
    }
  });

  it("carries a request's reads and the writer's marker through the web's hooks", async () => {
    const app = Fastify();
    registerReadYourWrites(app, router, { production: false });
    app.get("/where", async () => ({ recovery: await inRecovery(router.reads) }));
    app.post("/write", async () => {
      await primary.query("INSERT INTO notes (author) VALUES ('web')");
      return { recovery: await inRecovery(router.reads) };
    });
    await replicaAdmin.query("SELECT pg_wal_replay_pause()");
    try {
      const posted = await app.inject({
        method: "POST",
        url: "/write",
        // A body, read from the socket before the handler runs: the context must survive it.
        payload: { x: 1 },
      });
      expect(posted.json()).toEqual({ recovery: false });
      const cookie = [posted.headers["set-cookie"]].flat()[0]!;
      expect(cookie).toMatch(/^hub_reads=[0-9A-F]+\/[0-9A-F]+~\d+; Max-Age=60; Path=\/; HttpOnly/);
      const marker = cookie.split(";")[0]!;
      const mine = await app.inject({ url: "/where", headers: { cookie: `other=1; ${marker}` } });
      expect(mine.json()).toEqual({ recovery: false });
      expect(mine.headers["set-cookie"]).toBeUndefined();
      expect((await app.inject({ url: "/where" })).json()).toEqual({ recovery: true });
      // In production the marker is a secure, host-only cookie, as the session's is.
      const production = Fastify();
      registerReadYourWrites(production, router, { production: true });
      production.post("/write", async () => ({ recovery: await inRecovery(router.reads) }));
      production.get("/where", async () => ({ recovery: await inRecovery(router.reads) }));
      const secure = String(
        [
          (await production.inject({ method: "POST", url: "/write" })).headers["set-cookie"],
        ].flat()[0],
      );
      expect(secure).toMatch(
        /^__Host-hub_reads=[^;]+; Max-Age=60; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
      );
      const again = await production.inject({
        url: "/where",
        headers: { cookie: secure.split(";")[0]! },
      });
      expect(again.json()).toEqual({ recovery: false });
      await production.close();
    } finally {
      await replicaAdmin.query("SELECT pg_wal_replay_resume()");
      await app.close();
    }
  });

  it("gives the composed services' directory the replica, and the writer's request the primary", async () => {
    const { db, pool } = connect(pair.primaryUrl, 2);
    try {
      await migrateToLatest(db as never);
      const services = composeServices({ db, pool, replica: router });
      await caughtUp(); // the migrated schema
      await replicaAdmin.query("SELECT pg_wal_replay_pause()");
      await db
        .insertInto("organisations")
        .values({
          ...{ org_code: "ZZR01", name: "Replica Test Trust", kind: "acute_trust" },
          ...{ region_code: null, icb_code: null, postcode: null, open_date: null },
          ...{ close_date: null, successor_code: null, source: "test" },
          updated_at: new Date().toISOString(),
        })
        .execute();
      const marker = await router.afterWrite();
      const seen = (m?: string) =>
        asRequest(
          { method: "GET", marker: m },
          async () => (await services.directory.organisation("ZZR01"))?.name ?? null,
        );
      expect(await seen(marker)).toBe("Replica Test Trust");
      expect(await seen()).toBeNull();
      // Readiness asks the primary, whatever the pages read from.
      expect(await services.directory.ready()).toBe(true);
    } finally {
      await replicaAdmin.query("SELECT pg_wal_replay_resume()");
      await db.destroy();
    }
  }, 30_000);

  it("reads from the primary without an error while the replica is down, and from the replica once it is back", async () => {
    logged.length = 0;
    // A query the replica is answering when it stops is answered by the primary instead.
    const during = asRequest({ method: "GET" }, async () => {
      const { rows } = await router.reads.pool.query<{ recovery: boolean }>(
        "SELECT pg_sleep(1), pg_is_in_recovery() AS recovery",
      );
      return rows[0]!.recovery;
    });
    await sleep(300);
    await pair.stopReplica();
    expect(await during).toBe(false);
    for (let i = 0; i < 5; i++) {
      expect(await asRequest({ method: "GET" }, () => inRecovery(router.reads))).toBe(false);
      expect(await asRequest({ method: "GET" }, () => notesBy(router.reads, "a"))).toBe(1);
      expect(await inRecovery(router.shared)).toBe(false);
      await sleep(100);
    }
    // Logged once for the outage, though tried again after each back-off.
    expect(logged.filter((m) => m.startsWith("warn:"))).toHaveLength(1);
    expect(logged[0]).toMatch(/read replica unreachable/);

    await pair.startReplica();
    await until(
      () => asRequest({ method: "GET" }, () => inRecovery(router.reads)),
      "reads go to the replica again",
    );
    expect(await inRecovery(router.shared)).toBe(true);
    expect(logged.filter((m) => m.startsWith("info:"))).toEqual([
      "info: read replica answers again: reads go to it",
    ]);
  }, 30_000);
});
