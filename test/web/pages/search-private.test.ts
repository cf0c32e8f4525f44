/**
 * What the site search and the header tell each reader, over a real database:
 * - /search finds learning posts and proposals by their words, by the learning and proposal
 *   services' own read rules: nobody outside a network finds its network-only post, nobody but
 *   its network (and reviewers, administrators) a draft proposal, and nobody a draft post, and no
 *   trace of their titles reaches the page;
 * - the header's unread notification count is each reader's own, on pages cached for everyone
 *   signed in as on pages made per request, and drops when they mark them read.
 */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccountStore } from "../../../src/storage/accounts-store.js";
import { caseGrants, USER_CASES, type UserCase } from "../../support/actor-cases.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";
import { sessionCookieFor } from "../../support/sessions.js";
import { appWithSessions } from "../../support/signed-in-app.js";
import { asPeople } from "../../support/web-client.js";

const ORG_A = "ZZ001";
const ORG_B = "ZZ002";
const N = "london-uec";
const M = "london-elective";

/** Titles that share the word "kestrel", so one search reaches every one of them. */
const TITLES = {
  publicPost: "Kestrel discharge lounge opened seven days",
  networkPost: "Kestrel ward rounds before ten, network only",
  draftPost: "Kestrel draft about criteria-led discharge",
  approved: "Kestrel same-day emergency care at scale",
  draftProposal: "Kestrel draft proposal on virtual wards",
} as const;

let t: TestDatabase;
let app: FastifyInstance;
const cookies = new Map<UserCase, string>();
const userIds = new Map<UserCase, number>();

async function insertPost(
  title: string,
  visibility: "public" | "network",
  status: "draft" | "published",
) {
  await sql`
    INSERT INTO learning_posts (network_id, author_user_id, org_code, kind, title, body,
      change_date, visibility, status, published_at)
    VALUES (${N}, ${userIds.get("network_lead_N")!}, ${ORG_B}, 'what_worked', ${title},
      'Patients waiting for transport went to the lounge, freeing beds by eleven.',
      '2026-01-05', ${visibility}, ${status},
      ${status === "published" ? new Date("2026-02-01T09:00:00Z") : null})
  `.execute(t.db);
}

async function insertProposal(title: string, state: "draft" | "approved") {
  await sql`
    INSERT INTO proposals (network_id, state, title, aim, approach, primary_metric_id,
      baseline_start, baseline_end, planned_start, follow_up_end, expected_effect,
      expected_direction, timeline, resources, created_by)
    VALUES (${N}, ${state}, ${title}, 'Fewer admissions through same-day care.', '',
      'ae_4hr_performance', '2025-01-01', '2025-12-01', '2026-01-01', '2026-12-01', 2,
      'increase', '', '', ${userIds.get("network_lead_N")!})
  `.execute(t.db);
}

beforeAll(async () => {
  t = await demoDatabase({ orgs: 4, months: 3, seed: 5 });
  await t.db
    .insertInto("network_members")
    .values({ network_id: N, org_code: ORG_B, origin: "manual", updated_at: new Date() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const store = createAccountStore(t.db);
  const grants = caseGrants({ orgA: ORG_A, orgB: ORG_B, networkN: N, networkM: M });
  for (const name of USER_CASES) {
    const user = await store.createUser({
      email: `${name}@example.nhs.uk`,
      displayName: `Person ${name}`,
    });
    for (const grant of grants[name]) await store.addGrant(user.userId, grant, null);
    userIds.set(name, user.userId);
    cookies.set(name, await sessionCookieFor(store, user.userId));
  }
  await insertPost(TITLES.publicPost, "public", "published");
  await insertPost(TITLES.networkPost, "network", "published");
  await insertPost(TITLES.draftPost, "public", "draft");
  await insertProposal(TITLES.approved, "approved");
  await insertProposal(TITLES.draftProposal, "draft");
  app = await appWithSessions(t);
  await app.ready();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const { get, post } = asPeople(() => app, cookies);

/** Which of the titles a reader's search for "kestrel" shows. */
async function found(who?: UserCase): Promise<string[]> {
  const res = await get("/search?q=kestrel", who);
  expect(res.statusCode).toBe(200);
  return Object.values(TITLES).filter((title) => res.body.includes(title));
}

describe("searching learning posts and proposals", () => {
  it("shows the public the public post and the approved proposal, and nothing else", async () => {
    expect(await found()).toEqual([TITLES.publicPost, TITLES.approved]);
    const res = await get("/search?q=kestrel");
    expect(res.body).toContain("Learning post · London");
    expect(res.body).toContain("Proposal · Approved");
  });

  it("shows no outsider the network-only post, the draft post or the draft proposal", async () => {
    for (const who of ["no_roles", "org_member_A", "network_member_M", "network_lead_M"] as const)
      expect(await found(who), who).toEqual([TITLES.publicPost, TITLES.approved]);
  });

  it("shows the network's members its network-only post and its draft proposal", async () => {
    for (const who of ["network_member_N", "network_lead_N"] as const)
      expect(await found(who), who).toEqual([
        TITLES.publicPost,
        TITLES.networkPost,
        TITLES.approved,
        TITLES.draftProposal,
      ]);
    const res = await get("/search?q=kestrel", "network_member_N");
    expect(res.body).toContain("Network members only");
    expect(res.headers["cache-control"]).toContain("no-store");
  });

  it("keeps a draft post from everyone, its author included (search finds published posts)", async () => {
    for (const who of USER_CASES) expect(await found(who)).not.toContain(TITLES.draftPost);
  });

  it("matches words as PostgreSQL's English search does: stems, phrases and exclusions", async () => {
    const titles = async (q: string) => {
      const res = await get(`/search?q=${encodeURIComponent(q)}`);
      return Object.values(TITLES).filter((title) => res.body.includes(title));
    };
    expect(await titles("lounges")).toEqual([TITLES.publicPost]);
    expect(await titles('"same-day emergency"')).toEqual([TITLES.approved]);
    expect(await titles("kestrel -lounge")).toEqual([TITLES.approved]);
    // Stop words alone, and punctuation, match nothing and break nothing.
    expect((await get("/search?q=the")).statusCode).toBe(200);
    expect((await get(`/search?q=${encodeURIComponent("&|!():*<>'")}`)).statusCode).toBe(200);
  });

  it("filters the learning feed by the same words", async () => {
    const res = await get("/learning?q=kestrel", "network_member_N");
    expect(res.body).toContain(TITLES.publicPost);
    expect(res.body).toContain(TITLES.networkPost);
    const outsider = await get("/learning?q=kestrel", "network_member_M");
    expect(outsider.body).toContain(TITLES.publicPost);
    expect(outsider.body).not.toContain(TITLES.networkPost);
  });
});

describe("the header's unread count", () => {
  /** The header's notifications link as a screen reader names it. */
  const header = (body: string) =>
    /href="\/notifications">\s*([^<]*(?:<span class="nhsuk-u-visually-hidden">[^<]*<\/span>\)?)?)/
      .exec(body)?.[1]
      ?.replace(/<[^>]+>/g, "")
      .trim() ?? null;

  async function notify(who: UserCase, count: number) {
    for (let i = 0; i < count; i++)
      await sql`
        INSERT INTO notifications (user_id, kind, summary, href)
        VALUES (${userIds.get(who)!}, 'learning.published', ${`Item ${i}`}, '/learning')
      `.execute(t.db);
  }

  it("shows each reader their own count on a cached page and on a page made for them", async () => {
    await notify("org_member_A", 3);
    await notify("org_member_B", 1);
    for (const path of ["/organisations", "/networks", "/search?q=kestrel", "/learning"]) {
      expect(header((await get(path, "org_member_A")).body), path).toBe("Notifications (3 unread)");
      expect(header((await get(path, "org_member_B")).body), path).toBe("Notifications (1 unread)");
      expect(header((await get(path, "org_analyst_A")).body), path).toBe("Notifications");
      expect((await get(path)).body, path).not.toContain('href="/notifications"');
    }
  });

  it("gives a cached page a different entity tag per count, and 304 only for the same count", async () => {
    const first = await get("/organisations", "org_member_A");
    const etag = String(first.headers.etag);
    const again = await app.inject({
      url: "/organisations",
      headers: { cookie: cookies.get("org_member_A")!, "if-none-match": etag },
    });
    expect(again.statusCode).toBe(304);
    const other = await app.inject({
      url: "/organisations",
      headers: { cookie: cookies.get("org_member_B")!, "if-none-match": etag },
    });
    expect(other.statusCode).toBe(200);
  });

  it("drops to nothing once the reader marks them read", async () => {
    const res = await post("/notifications/read", {}, "org_member_A", "/notifications");
    expect(res.statusCode).toBe(303);
    expect(header((await get("/organisations", "org_member_A")).body)).toBe("Notifications");
    expect(header((await get("/organisations", "org_member_B")).body)).toBe(
      "Notifications (1 unread)",
    );
  });
});
