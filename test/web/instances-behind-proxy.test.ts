/**
 * Two app instances behind a round-robin reverse proxy (issue 19, "stateless instances"): each
 * instance is `createAppFromDatabase` with its own connection pool over one database, listening
 * on its own port; a few lines of node:http in front send each request to the next instance in
 * turn and say which one answered (`x-test-instance`, set by the proxy, only here). A client
 * with a cookie jar talks to the proxy alone, so every step below crosses instances: the sign-in
 * form is read on one and posted to the other, a follow saved through one is read through the
 * other, and a page cached on one follows a data change committed by the other once the data
 * version moves; and the open API's rate limit counts one caller's requests to both together.
 * Each step asserts which instance served it, so nothing passes on one instance.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { argon2Hasher } from "../../src/accounts/passwords.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { connect } from "../../src/storage/database.js";
import { readDataVersion } from "../../src/storage/data-version.js";
import type { Db } from "../../src/storage/schema.js";
import { createAppFromDatabase } from "../../src/web/compose.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { TEST_SESSION_SECRET } from "../support/sessions.js";
import { csrfOf } from "../support/web-client.js";

const PASSWORD = "correct horse battery staple";
const NETWORK = "east-of-england-uec";
const NETWORK_NAME = "East of England urgent and emergency care LIN";

interface Instance {
  db: Db;
  app: FastifyInstance;
  port: number;
}

let t: TestDatabase;
const instances: Instance[] = [];
let proxy: http.Server;
let proxyBase = "";

/** A round-robin reverse proxy: request k goes to instance k mod n, which it names in a header. */
function roundRobinProxy(ports: readonly number[]): http.Server {
  let next = 0;
  return http.createServer((req, res) => {
    const which = next++ % ports.length;
    // As a real proxy does, it tells the instance the caller's address (TRUST_PROXY believes it).
    const headers = { ...req.headers, "x-forwarded-for": req.socket.remoteAddress ?? "" };
    const upstream = http.request(
      { host: "127.0.0.1", port: ports[which], method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          "x-test-instance": String(which),
        });
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
}

const listening = (server: http.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

/** A browser in miniature over real HTTP: keeps its cookies, follows no redirect itself. */
function browser() {
  const cookies = new Map<string, string>();
  async function send(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const headers: Record<string, string> = {};
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await fetch(`${proxyBase}${path}`, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      headers,
      redirect: "manual",
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (gone) cookies.delete(name);
      else cookies.set(name, pair.slice(pair.indexOf("=") + 1));
    }
    return {
      status: res.status,
      location: res.headers.get("location"),
      instance: Number(res.headers.get("x-test-instance")),
      body: await res.text(),
    };
  }
  return { cookies, send };
}

beforeAll(async () => {
  t = await demoDatabase({ orgs: 8, months: 12, seed: 19 });
  for (let i = 0; i < 2; i++) {
    const { db, pool } = connect(t.url, 5);
    const app = await createAppFromDatabase({
      db,
      pool,
      trustProxy: true,
      // An hour's fixed window: the test never straddles two.
      api: { limits: { anonymous: 3, token: 1_000, windowSeconds: 3_600 } },
      sessions: {
        secret: TEST_SESSION_SECRET,
        idleMs: 30 * 60_000,
        absoluteMs: 12 * 3_600_000,
        production: false,
      },
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    instances.push({ db, app, port: (app.server.address() as AddressInfo).port });
  }
  proxy = roundRobinProxy(instances.map((i) => i.port));
  proxyBase = `http://127.0.0.1:${await listening(proxy)}`;
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  for (const i of instances) {
    await i.app.close();
    await i.db.destroy();
  }
  await t?.drop();
});

describe("two instances behind a round-robin proxy", () => {
  // The proxy alternates strictly, and every test asserts the instance of each step; so the
  // order of requests below is the order of instances 0, 1, 0, 1 … across the whole file.
  let turn = 0;
  const expectServedBy = (answer: { instance: number }) => {
    expect(answer.instance).toBe(turn++ % 2);
  };
  const person = browser();

  it("signs in with the form read on one instance and posted to the other", async () => {
    await createAccountStore(t.db).createUser({
      email: "ada@example.nhs.uk",
      displayName: "Ada Proxy",
      passwordHash: await argon2Hasher.hash(PASSWORD),
    });
    const form = await person.send("/sign-in");
    expectServedBy(form);
    expect(form.instance).toBe(0);
    expect(form.status).toBe(200);
    const signedIn = await person.send("/sign-in", {
      form: { _csrf: csrfOf(form.body), email: "ada@example.nhs.uk", password: PASSWORD },
    });
    expectServedBy(signedIn);
    expect(signedIn.instance).toBe(1);
    expect(signedIn.status).toBe(303);
    // Signed in on both: each instance shows the person's own account page.
    for (const instance of [0, 1]) {
      const account = await person.send("/account");
      expectServedBy(account);
      expect(account.instance).toBe(instance);
      expect(account.status).toBe(200);
      expect(account.body).toContain("ada@example.nhs.uk");
    }
  });

  it("saves a follow through one instance and shows it through the other", async () => {
    const workspace = await person.send(`/networks/${NETWORK}`);
    expectServedBy(workspace);
    expect(workspace.status).toBe(200);
    expect(workspace.body).toContain("Follow this network");
    const followed = await person.send("/follows", {
      form: {
        _csrf: csrfOf(workspace.body),
        action: "follow",
        kind: "network",
        targetId: NETWORK,
        returnTo: "/notifications",
      },
    });
    expectServedBy(followed);
    expect(followed.status).toBe(303);
    expect(followed.location).toBe("/notifications");
    const notifications = await person.send("/notifications");
    expectServedBy(notifications);
    expect(notifications.instance).not.toBe(followed.instance);
    expect(notifications.status).toBe(200);
    expect(notifications.body).toContain(NETWORK_NAME);
    expect(notifications.body).toContain("notifications only");
    const following = await person.send(`/networks/${NETWORK}`);
    expectServedBy(following);
    expect(following.instance).toBe(followed.instance);
    expect(following.body).toContain("Unfollow this network");
  });

  it("shows on a page cached by one instance a change committed by the other once the data version moves", async () => {
    const [b, a] = turn % 2 === 0 ? [0, 1] : [1, 0];
    const original = NETWORK_NAME;
    // Instance b renders /networks and caches it for the current data version.
    const cached = await person.send("/networks");
    expectServedBy(cached);
    expect(cached.instance).toBe(b);
    expect(cached.body).toContain(original);
    const filler = await person.send("/networks");
    expectServedBy(filler);
    expect(filler.instance).toBe(a);

    // On a's own pool, a change the data version does not see (triggers off for the
    // transaction): b still serves its cached page, which shows it is cached there.
    const versionBefore = await readDataVersion(instances[a]!.db);
    await instances[a]!.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await trx
        .updateTable("networks")
        .set({ name: "Unseen name" })
        .where("network_id", "=", NETWORK)
        .execute();
    });
    expect(await readDataVersion(instances[a]!.db)).toBe(versionBefore);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const stale = await person.send("/networks");
    expectServedBy(stale);
    expect(stale.instance).toBe(b);
    expect(stale.body).toContain(original);
    expect(stale.body).not.toContain("Unseen name");

    // Now a change committed as an import commits its rows: the data_change triggers move the
    // data version at commit, and b's page follows (its version is read at most once a second).
    await instances[a]!.db.updateTable("networks")
      .set({ name: "East of England flow improvement network" })
      .where("network_id", "=", NETWORK)
      .execute();
    expect(BigInt(await readDataVersion(instances[a]!.db))).toBeGreaterThan(BigInt(versionBefore));
    let fresh = "";
    for (let attempt = 0; attempt < 10 && !fresh.includes("flow improvement network"); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const onA = await person.send("/networks");
      expectServedBy(onA);
      expect(onA.instance).toBe(a);
      const onB = await person.send("/networks");
      expectServedBy(onB);
      expect(onB.instance).toBe(b);
      fresh = onB.body;
    }
    expect(fresh).toContain("East of England flow improvement network");
    expect(fresh).not.toContain(original + "<");
  });

  it("counts one caller's open API requests on both instances against one limit", async () => {
    const answers = [];
    for (let k = 0; k < 4; k++) {
      const res = await fetch(`${proxyBase}/api/v1/metrics`);
      await res.arrayBuffer();
      const answer = { instance: Number(res.headers.get("x-test-instance")), status: res.status };
      expectServedBy(answer);
      answers.push({ ...answer, remaining: res.headers.get("ratelimit-remaining") });
    }
    // Three allowed an hour from this address: the fourth is refused by an instance that had
    // answered only one of the three itself.
    expect(answers.map((a) => [a.status, a.remaining])).toEqual([
      [200, "2"],
      [200, "1"],
      [200, "0"],
      [429, "0"],
    ]);
    expect(new Set(answers.map((a) => a.instance)).size).toBe(2);
  });
});
