/**
 * A read-only personal API token changes nothing (src/accounts/policy.ts `own.change`,
 * `changingUser`), over a real database and the services as the application composes them.
 * One person, a network lead who belongs to an organisation, tries each change they could make
 * for themself through a `read` token: each is refused (ForbiddenError) and every small table
 * (all but the imported data: follows, posts, proposals, feedback, rounds, the audit log, the
 * outbox…) is byte for byte as it was; then the same change by their session succeeds and
 * changes something. No route reaches these through a token yet; the services hold regardless.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, UserActor } from "../../src/accounts/actor.js";
import type { Grant } from "../../src/accounts/roles.js";
import { ForbiddenError } from "../../src/errors.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { composeServices } from "../../src/web/compose.js";
import type { Services } from "../../src/web/context.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { guideFixture } from "../support/guide-fixture.js";

const N = "london-uec";
const M = "london-elective";
const ORG = "ZZ001";
const NOW = new Date("2025-08-10T09:00:00Z");
const operator: Actor = { kind: "operator", label: "test" };

let t: TestDatabase;
let s: Services;
let session: UserActor;
let readToken: UserActor;
let readWriteToken: UserActor;
/** The tables compared before and after: those under 5,000 rows when the tests start. */
let tables: string[] = [];

/** Each compared table's rows, as one digest per table (a changed table names itself). */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await sql<{ digest: string }>`
      SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest
      FROM ${sql.table(table)} x`.execute(t.db);
    out[table] = rows[0]!.digest;
  }
  return out;
}

/**
 * `change` through the read-only token: refused, nothing written; then by the session: done,
 * something written. Returns the session's result.
 */
async function refusedByTokenThenDone<T>(change: (actor: Actor) => Promise<T>): Promise<T> {
  const before = await snapshot();
  await expect(change(readToken)).rejects.toBeInstanceOf(ForbiddenError);
  expect(await snapshot()).toEqual(before);
  const result = await change(session);
  expect(await snapshot()).not.toEqual(before);
  return result;
}

/** A learning post's form (the guide fixture's change idea; the organisation the person is in). */
const postInput = (title: string) => ({
  kind: "what_worked",
  title,
  body: "We let crews refer straight to SDEC.",
  orgCode: ORG,
  changeDate: "2025-03-01",
  ideas: ["test-flow/direct-access"],
  metricIds: ["ae_4hr_all"],
  careSetting: "",
  visibility: "network",
});

/** A complete proposal form: three participants, two comparators, a year of baseline. */
const proposalForm = (title: string) => ({
  title,
  aim: "Raise the share of A&E patients seen within 4 hours.",
  approach: "Plan, do, study, act cycles.",
  changeIdeas: ["test-flow/direct-access"],
  participants: "ZZ001, ZZ002 ZZ003",
  comparators: "ZZ004 ZZ005",
  primaryMetricId: "ae_4hr_all",
  balancingMetricIds: [],
  baselineStart: "2024-01",
  baselineEnd: "2024-12",
  plannedStart: "2025-02",
  followUpEnd: "2025-12",
  expectedEffect: "3",
  expectedDirection: "increase",
  timeline: "Three months of set-up.",
  resources: "One analyst per trust.",
});

beforeAll(async () => {
  t = await demoDatabase({ orgs: 8, months: 24, seed: 5 });
  s = composeServices({ db: t.db, pool: t.pool, now: () => NOW });
  await s.guides.publish(operator, guideFixture());
  const accounts = createAccountStore(t.db);
  const grants: Grant[] = [
    { role: "network_lead", scope: { kind: "network", networkId: N } },
    { role: "organisation_member", scope: { kind: "organisation", orgCode: ORG } },
  ];
  const user = await accounts.createUser({ email: "pat@example.nhs.uk", displayName: "Pat" });
  for (const g of grants) await accounts.addGrant(user.userId, g, null);
  session = (await s.accounts.actorFor(user.userId)) as UserActor;
  expect(session.kind).toBe("user");
  const tokenActor = async (scope: "read" | "read_write") => {
    const made = await s.apiTokens.create(session, { name: scope, scope, expiresInDays: null });
    return (await s.apiTokens.authenticate(made.secret))!.actor;
  };
  readToken = await tokenActor("read");
  readWriteToken = await tokenActor("read_write");
  expect(readToken.via?.scope).toBe("read");
  const { rows } = await sql<{ relname: string }>`
    SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname`.execute(
    t.db,
  );
  for (const { relname } of rows) {
    const count = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(relname)}`.execute(
      t.db,
    );
    if (Number(count.rows[0]!.n) < 5000) tables.push(relname);
  }
  tables = tables.filter((name) => name !== "sessions");
}, 180_000);

afterAll(async () => {
  await t?.drop();
});

describe("a read-only API token", () => {
  it("compares the tables these changes write", () => {
    for (const table of [
      "audit_log",
      "follows",
      "notifications",
      "network_join_requests",
      "learning_posts",
      "proposals",
      "guide_feedback",
      "mail_outbox",
    ])
      expect(tables).toContain(table);
  });

  it("follows and unfollows nothing; the session does", async () => {
    await refusedByTokenThenDone((a) => s.follows.follow(a, "network", N, true));
    await refusedByTokenThenDone((a) => s.follows.unfollow(a, "network", N));
    // A read_write token carries the person's own changes.
    await s.follows.follow(readWriteToken, "network", N, false);
    expect(await s.follows.follows(readToken)).toEqual([
      { kind: "network", targetId: N, email: false },
    ]);
  });

  it("marks no notification read; the session does", async () => {
    await s.follows.notify({
      kind: "learning.published",
      networkId: N,
      topic: null,
      summary: "Something happened in the network",
      href: "/learning/1",
      mayRead: () => true,
    });
    expect(await s.follows.unreadCount(readToken)).toBe(1);
    const [notification] = await s.follows.notifications(readToken);
    await refusedByTokenThenDone((a) => s.follows.markRead(a, notification!.notificationId));
    expect(await s.follows.unreadCount(session)).toBe(0);
  });

  it("asks to join no network; the session does", async () => {
    await refusedByTokenThenDone((a) =>
      s.networkWorkspaces.requestToJoin(a, M, { asPerson: "yes", orgCode: "", message: "" }),
    );
    expect(await s.networkWorkspaces.myPendingRequest(session, M)).toBeDefined();
  });

  it("drafts, edits, publishes, updates and comments on no learning post; the session does", async () => {
    const post = await refusedByTokenThenDone((a) =>
      s.learning.create(a, N, postInput("Direct access to SDEC")),
    );
    await refusedByTokenThenDone((a) =>
      s.learning.update(a, post.postId, postInput("Direct access to SDEC, weekdays")),
    );
    await refusedByTokenThenDone((a) => s.learning.publish(a, post.postId));
    await refusedByTokenThenDone((a) =>
      s.learning.addUpdate(a, post.postId, "Six months on, it holds."),
    );
    await refusedByTokenThenDone((a) => s.learning.addComment(a, post.postId, "Thank you."));
    const [comment] = (await s.learning.post(readToken, post.postId)).post.comments;
    await refusedByTokenThenDone((a) =>
      s.learning.deleteComment(a, post.postId, comment!.commentId),
    );
    expect((await s.learning.post(readToken, post.postId)).post).toMatchObject({
      title: "Direct access to SDEC, weekdays",
      status: "published",
      comments: [],
    });
  });

  it("creates, edits, moves and comments on no proposal; the session does", async () => {
    const proposalId = await refusedByTokenThenDone((a) =>
      s.proposals.create(a, N, proposalForm("Direct access across London"), undefined),
    );
    await refusedByTokenThenDone((a) =>
      s.proposals.update(a, proposalId, proposalForm("Direct access across all London"), undefined),
    );
    await refusedByTokenThenDone((a) =>
      s.proposals.transition(a, proposalId, "submit", "", undefined),
    );
    await refusedByTokenThenDone((a) =>
      s.proposals.comment(a, proposalId, "Comparators chosen as advised.", undefined),
    );
    const view = await s.proposals.view(readToken, proposalId);
    expect(view.proposal).toMatchObject({
      title: "Direct access across all London",
      state: "submitted",
    });
    expect(view.comments).toHaveLength(1);
  });

  it("gives no guide feedback, and reading it leaves the new answers new; the session's does not", async () => {
    const ref = await refusedByTokenThenDone((a) =>
      s.guideFeedback.give(a, {
        guideId: "test-flow",
        version: "1.0",
        sectionId: "same-day-care",
        changeIdeaId: "direct-access",
        orgCode: ORG,
        useful: "yes",
        tried: "yes",
        worked: "partly",
        change: "",
        comment: "Worked on weekdays only.",
      }),
    );
    await s.guideFeedback.answer(operator, ref, {
      status: "planned",
      plannedFor: "1.1",
      response: "We will add weekend cover.",
    });
    const before = await snapshot();
    expect((await s.guideFeedback.mine(readToken)).map((i) => i.newAnswer)).toEqual([true]);
    expect(await snapshot()).toEqual(before);
    expect((await s.guideFeedback.mine(session)).map((i) => i.newAnswer)).toEqual([true]);
    expect((await s.guideFeedback.mine(readToken)).map((i) => i.newAnswer)).toEqual([false]);
  });

  it("starts, saves, submits and shares no self-assessment round; the session does", async () => {
    const matrix = s.assessments.matrices()[0]!;
    const input = {
      assessedOn: "2025-08-01",
      answers: Object.fromEntries(
        matrix.rows.map((row) => [
          row.id,
          { score: String(matrix.levels[0]!.score), evidence: "" },
        ]),
      ),
    };
    const round = await refusedByTokenThenDone((a) =>
      s.assessments.startRound(a, ORG, matrix.id, false),
    );
    await refusedByTokenThenDone((a) => s.assessments.saveDraft(a, round.roundId, input));
    await refusedByTokenThenDone((a) => s.assessments.submit(a, round.roundId, input));
    await refusedByTokenThenDone((a) => s.assessments.setVisibility(a, round.roundId, "shared"));
    expect((await s.assessments.round(readToken, round.roundId)).round).toMatchObject({
      status: "submitted",
      visibility: "shared",
    });
  });

  it("accepts no invitation, nor does a read_write token (it gives a role); the session does", async () => {
    const { link } = await s.administration.invite(operator, {
      email: session.email,
      role: "network_member",
      networkId: M,
    });
    const token = link.split("/").at(-1)!;
    const before = await snapshot();
    await expect(s.administration.acceptAsUser(readWriteToken, token)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await snapshot()).toEqual(before);
    await refusedByTokenThenDone((a) => s.administration.acceptAsUser(a, token));
    const after = await s.accounts.actorFor(session.userId);
    const grants = after.kind === "user" ? after.grants : [];
    expect(grants).toContainEqual({
      role: "network_member",
      scope: { kind: "network", networkId: M },
    });
  });
});
