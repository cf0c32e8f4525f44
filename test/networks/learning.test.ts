// Shared learning (src/networks/learning): evidence verdicts stored and recomputed on a
// synthetic series in a real database, privacy of network posts and drafts, sharing with NHS
// England by role, comments and updates, all audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, UserActor } from "../../src/accounts/actor.js";
import { anonymous } from "../../src/accounts/actor.js";
import { createAuditor } from "../../src/accounts/audit.js";
import type { Grant } from "../../src/accounts/roles.js";
import { createGuideService } from "../../src/guides/service.js";
import { isTrackableMetricId } from "../../src/metrics/catalogue/index.js";
import { createAnalyticsService } from "../../src/metrics/service.js";
import type { NetworkActivityInput } from "../../src/networks/activity.js";
import { seriesOfDetail } from "../../src/networks/learning/series.js";
import {
  createLearningService,
  type LearningService,
  type PostInput,
} from "../../src/networks/learning/service.js";
import { changeVerdict } from "../../src/stats/evaluation/verdict.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { createAnalyticsStore } from "../../src/storage/analytics-store.js";
import { createGuideStore } from "../../src/storage/guides-store.js";
import { createLearningStore } from "../../src/storage/learning-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { guideFixture } from "../support/guide-fixture.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const N = "london-uec";
const M = "south-west-uec";

let t: TestDatabase;
let learning: LearningService;
const activity: NetworkActivityInput[] = [];
const people: Record<string, UserActor> = {};

/** Monthly period starts from 2023-01-01. */
const month = (i: number) => {
  const d = new Date(Date.UTC(2023, i, 1));
  return d.toISOString().slice(0, 10);
};

/** Values of ae_4hr_all for an organisation, months `from` .. `from + values.length - 1`. */
async function insertValues(orgCode: string, from: number, values: number[]) {
  const rows = values.map(
    (v, i) => `('${orgCode}', 'ae_4hr_all', 'month', '${month(from + i)}', 'test', ${v})`,
  );
  await t.pool.query(
    `INSERT INTO metric_values (org_code, metric_id, period_type, period_start, source, value) VALUES ${rows.join(",")}`,
  );
}

/** 20 baseline months alternating 0.70 and 0.72 (the change is made on 2024-09-01, month 20). */
const baseline = Array.from({ length: 20 }, (_, i) => (i % 2 ? 0.72 : 0.7));
const CHANGE = month(20);

async function person(name: string, grants: Grant[]): Promise<UserActor> {
  const { rows } = await t.pool.query<{ user_id: string }>(
    `INSERT INTO users (email, display_name) VALUES ($1, $2) RETURNING user_id`,
    [`${name}@example.nhs.uk`, name],
  );
  return {
    kind: "user",
    userId: Number(rows[0]!.user_id),
    email: `${name}@example.nhs.uk`,
    displayName: name,
    grants,
  };
}

const input = (over: Partial<PostInput> = {}): PostInput => ({
  kind: "what_worked",
  title: "Direct access to SDEC at Test trust",
  body: "We let crews refer **straight** to SDEC.",
  orgCode: "ZZ901",
  changeDate: CHANGE,
  ideas: ["test-flow/direct-access"],
  metricIds: ["ae_4hr_all"],
  careSetting: "",
  visibility: "network",
  ...over,
});

const auditActions = async (postId: number) =>
  (
    await t.pool.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE target_kind = 'learning_post' AND target_ref = $1 ORDER BY audit_id`,
      [String(postId)],
    )
  ).rows.map((r) => r.action);

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
  await t.pool.query(
    `INSERT INTO organisations (org_code, name, kind, source) VALUES
       ('ZZ901', 'Shift trust', 'acute_trust', 'test'),
       ('ZZ902', 'Steady trust', 'acute_trust', 'test'),
       ('ZZ903', 'Late trust', 'acute_trust', 'test')`,
  );
  // ZZ901: a clear shift up after the change; ZZ902: the same variation throughout; ZZ903: no
  // data since the change yet.
  await insertValues("ZZ901", 0, [...baseline, ...Array.from({ length: 10 }, () => 0.8)]);
  await insertValues("ZZ902", 0, [...baseline, ...baseline.slice(0, 10)]);
  await insertValues("ZZ903", 0, baseline);
  const guides = createGuideService({
    store: createGuideStore(t.db),
    isMetricId: isTrackableMetricId,
  });
  await guides.publish({ kind: "operator", label: "test" }, guideFixture());
  const analytics = createAnalyticsService(createAnalyticsStore(t));
  const org = (orgCode: string): Grant => ({
    role: "organisation_member",
    scope: { kind: "organisation", orgCode },
  });
  const net = (role: Grant["role"], networkId: string): Grant => ({
    role,
    scope: { kind: "network", networkId },
  });
  people.author = await person("author", [
    net("network_member", N),
    org("ZZ901"),
    org("ZZ902"),
    org("ZZ903"),
  ]);
  people.memberN = await person("memberN", [net("network_member", N)]);
  people.leadN = await person("leadN", [net("network_lead", N)]);
  people.memberM = await person("memberM", [net("network_member", M)]);
  people.leadM = await person("leadM", [net("network_lead", M)]);
  people.nobody = await person("nobody", []);
  people.admin = await person("admin", [{ role: "national_admin", scope: { kind: "national" } }]);
  learning = createLearningService({
    store: createLearningStore(t.db),
    guides,
    series: async (orgCode, metricId) =>
      seriesOfDetail(await analytics.metricDetail(orgCode, metricId)),
    verdictOf: changeVerdict,
    activity: { record: async (a) => void activity.push(a) },
    audit: createAuditor(createAccountStore(t.db)),
    now: () => new Date("2026-03-01T12:00:00Z"),
  });
}, 60_000);

afterAll(async () => {
  await t?.drop();
});

describe("posting", () => {
  it("refuses a post with problems, naming each field, and saves nothing", async () => {
    const error = await learning
      .create(
        people.author!,
        N,
        input({
          orgCode: "ZZ999",
          changeDate: "2024-02-30",
          ideas: ["test-flow/no-such-idea"],
          title: " ",
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "input" });
    const columns = (error as { problems: { column: string }[] }).problems.map((p) => p.column);
    expect(columns).toEqual(expect.arrayContaining(["orgCode", "changeDate", "ideas", "title"]));
    const measureError = await learning
      .create(people.author!, N, input({ metricIds: ["ga_occupancy"] }))
      .catch((e: unknown) => e);
    expect(measureError).toMatchObject({ kind: "input" });
    expect((measureError as { problems: { column: string; value: string }[] }).problems).toEqual([
      expect.objectContaining({ column: "metricIds", value: "ga_occupancy" }),
    ]);
    const { rows } = await t.pool.query(`SELECT count(*)::int AS n FROM learning_posts`);
    expect(rows[0].n).toBe(0);
  });

  it("refuses people outside the network", async () => {
    await expect(learning.create(people.memberM!, N, input())).rejects.toMatchObject({
      kind: "forbidden",
    });
    await expect(learning.create(anonymous, N, input())).rejects.toMatchObject({
      kind: "sign_in_required",
    });
  });
});

describe("evidence verdicts", () => {
  it("finds improvement where the series shifts after the change, and no change where it does not", async () => {
    const shifted = await learning.create(people.author!, N, input());
    expect(shifted.topic).toBe("uec");
    expect(shifted.careSetting).toBe("acute");
    await learning.publish(people.author!, shifted.postId);
    const steady = await learning.create(people.author!, N, input({ orgCode: "ZZ902" }));
    await learning.publish(people.author!, steady.postId);
    const a = (await learning.post(people.author!, shifted.postId)).post.measures[0]!.verdict!;
    const b = (await learning.post(people.author!, steady.postId)).post.measures[0]!.verdict!;
    expect(a.verdict).toBe("improvement");
    expect(a.pointsSince).toBe(10);
    expect(a.baselinePoints).toBe(20);
    expect(a.dataVersion).not.toBe("");
    expect(b.verdict).toBe("no_change");
    expect(await auditActions(shifted.postId)).toEqual([
      "learning.post_created",
      "learning.post_published",
    ]);
    expect(activity.map((x) => x.kind)).toContain("learning.posted");
  });

  it("recomputes after new data and records when a verdict changed", async () => {
    const late = await learning.create(people.author!, N, input({ orgCode: "ZZ903" }));
    await learning.publish(people.author!, late.postId);
    const before = (await learning.post(people.author!, late.postId)).post.measures[0]!.verdict!;
    expect(before.verdict).toBe("not_enough_data");
    // Nothing new: nothing recomputed.
    expect(await learning.refreshVerdicts()).toEqual({ recomputed: 0, changed: 0 });
    await insertValues("ZZ903", 20, [0.8, 0.8, 0.8, 0.8, 0.8]);
    // The analytics read the data version at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refresh = await learning.refreshVerdicts();
    expect(refresh.changed).toBe(1);
    const after = (await learning.post(people.author!, late.postId)).post;
    expect(after.measures[0]!.verdict!.verdict).toBe("improvement");
    expect(after.measures[0]!.verdict!.dataVersion).not.toBe(before.dataVersion);
    expect(after.verdictChanges).toEqual([
      expect.objectContaining({
        metricId: "ae_4hr_all",
        from: "not_enough_data",
        to: "improvement",
      }),
    ]);
    expect(await learning.refreshVerdicts()).toEqual({ recomputed: 0, changed: 0 });
  });

  it("labels a post without measures as having no evidence (it is allowed)", async () => {
    const bare = await learning.create(
      people.author!,
      N,
      input({ metricIds: [], visibility: "public" }),
    );
    await learning.publish(people.author!, bare.postId);
    const { posts } = await learning.feed(anonymous, { verdict: "none" }, 1);
    expect(posts.map((p) => p.postId)).toEqual([bare.postId]);
  });
});

describe("privacy", () => {
  let networkPost: number;
  let draft: number;
  beforeAll(async () => {
    networkPost = (await learning.create(people.author!, N, input({ title: "Network only" })))
      .postId;
    await learning.publish(people.author!, networkPost);
    draft = (
      await learning.create(
        people.author!,
        N,
        input({ title: "Still a draft", visibility: "public" }),
      )
    ).postId;
  });

  it("shows a network post to its network's members and administrators only (404 for others)", async () => {
    for (const reader of [people.author!, people.memberN!, people.leadN!, people.admin!])
      expect((await learning.post(reader, networkPost)).post.title).toBe("Network only");
    for (const reader of [anonymous, people.nobody!, people.memberM!, people.leadM!] as Actor[])
      await expect(learning.post(reader, networkPost)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("keeps network posts out of other readers' feed and change idea block", async () => {
    const ids = async (reader: Actor) =>
      (await learning.feed(reader, {}, 1)).posts.map((p) => p.postId);
    expect(await ids(people.memberN!)).toContain(networkPost);
    expect(await ids(people.admin!)).toContain(networkPost);
    expect(await ids(people.memberM!)).not.toContain(networkPost);
    expect(await ids(anonymous)).not.toContain(networkPost);
    const tested = async (reader: Actor) =>
      (await learning.testedIdeas(reader, "test-flow")).map((p) => p.postId);
    expect(await tested(people.memberN!)).toContain(networkPost);
    expect(await tested(people.memberM!)).not.toContain(networkPost);
    expect(await tested(anonymous)).not.toContain(networkPost);
  });

  it("shows a draft to its author only, and answers guessed ids with 404", async () => {
    expect((await learning.post(people.author!, draft)).post.status).toBe("draft");
    for (const reader of [anonymous, people.memberN!, people.leadN!, people.admin!] as Actor[])
      await expect(learning.post(reader, draft)).rejects.toMatchObject({ kind: "not_found" });
    expect((await learning.feed(people.author!, {}, 1)).posts.map((p) => p.postId)).not.toContain(
      draft,
    );
    await expect(learning.post(people.admin!, 999_999)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(learning.addComment(people.memberM!, networkPost, "hello")).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(
      learning.update(people.memberN!, draft, input({ title: "Taken over" })),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("sharing with NHS England", () => {
  it("lets a lead of the post's network nominate and an administrator feature it", async () => {
    const p = (
      await learning.create(people.author!, N, input({ title: "Share me", visibility: "public" }))
    ).postId;
    await learning.publish(people.author!, p);
    await expect(learning.feature(people.admin!, p, true)).rejects.toMatchObject({
      kind: "conflict",
    });
    for (const who of [people.author!, people.memberN!, people.leadM!, people.nobody!])
      await expect(learning.nominate(who, p)).rejects.toMatchObject({ kind: "forbidden" });
    expect((await learning.feed(people.admin!, { shared: true }, 1)).posts).toEqual([]);
    await learning.nominate(people.leadN!, p);
    expect(
      (await learning.feed(people.admin!, { shared: true }, 1)).posts.map((x) => x.postId),
    ).toEqual([p]);
    for (const who of [people.leadN!, people.author!, people.memberM!])
      await expect(learning.feature(who, p, true)).rejects.toMatchObject({ kind: "forbidden" });
    expect((await learning.post(people.admin!, p)).canFeature).toBe(true);
    await learning.feature(people.admin!, p, true);
    const { posts } = await learning.feed(anonymous, {}, 1);
    expect(posts[0]!.postId).toBe(p);
    expect(await auditActions(p)).toEqual([
      "learning.post_created",
      "learning.post_published",
      "learning.post_nominated",
      "learning.post_featured",
    ]);
  });
});

describe("comments and updates", () => {
  it("lets readers comment, authors delete their own, and the post's author add updates", async () => {
    const p = (
      await learning.create(
        people.author!,
        N,
        input({ title: "Talk about it", visibility: "public" }),
      )
    ).postId;
    await expect(learning.addComment(people.memberN!, p, "Draft?")).rejects.toMatchObject({
      kind: "not_found",
    });
    await learning.publish(people.author!, p);
    await expect(learning.addComment(anonymous, p, "hi")).rejects.toMatchObject({
      kind: "sign_in_required",
    });
    await expect(learning.addComment(people.memberM!, p, "  ")).rejects.toMatchObject({
      kind: "input",
    });
    await learning.addComment(people.memberM!, p, "How did you agree the criteria?");
    const view = await learning.post(people.nobody!, p);
    const comment = view.post.comments[0]!;
    expect(comment.authorName).toBe("memberM");
    expect(view.deletableComments).toEqual([]);
    await expect(
      learning.deleteComment(people.author!, p, comment.commentId),
    ).rejects.toMatchObject({
      kind: "not_found",
    });
    await learning.deleteComment(people.memberM!, p, comment.commentId);
    expect((await learning.post(people.memberM!, p)).post.comments).toEqual([]);
    await expect(learning.addUpdate(people.memberN!, p, "Not mine")).rejects.toMatchObject({
      kind: "not_found",
    });
    await learning.addUpdate(people.author!, p, "Six months on, still holding.");
    expect((await learning.post(anonymous, p)).post.updates.map((u) => u.body)).toEqual([
      "Six months on, still holding.",
    ]);
    expect(await auditActions(p)).toEqual([
      "learning.post_created",
      "learning.post_published",
      "learning.comment_added",
      "learning.comment_deleted",
      "learning.update_added",
    ]);
  });
});
