/**
 * Rebase decisions (issue 17 item 6): who may record and withdraw them, what they must carry, the
 * audit log, and that the analytics apply them everywhere, over a real database. A synthetic
 * series with a step: without a decision the limits straddle the step; with a decision at it, the
 * chart, the icons and the precomputed summaries use two phases, and agree with each other.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/accounts/actor.js";
import { createAuditor } from "../../src/accounts/audit.js";
import {
  ForbiddenError,
  InputError,
  NotFoundError,
  SignInRequiredError,
} from "../../src/errors.js";
import type { AnalyticsService } from "../../src/metrics/analytics/api.js";
import { createAnalyticsService } from "../../src/metrics/service.js";
import { createRebaseService, type RebaseService } from "../../src/rebases/service.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { createAnalyticsStore } from "../../src/storage/analytics-store.js";
import { readDataVersion } from "../../src/storage/data-version.js";
import { createRebaseStore } from "../../src/storage/rebase-store.js";
import { caseGrants, USER_CASES, type UserCase } from "../support/actor-cases.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";

const METRIC = "ae_4hr_all";
let t: TestDatabase;
let analytics: AnalyticsService;
let rebases: RebaseService;
let ORG_A = "";
let ORG_B = "";
let periods: string[] = [];
let STEP = "";
const actors = new Map<UserCase | "anonymous", Actor>();

/** 20 months at about 70%, then 20 at about 85%: a clear step at month 20. */
const stepValue = (i: number) => (i < 20 ? 70 : 85) + ((i * 7) % 5) - 2;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 4, months: 60, seed: 17 });
  const orgs = await t.db
    .selectFrom("metric_values")
    .select("org_code")
    .distinct()
    .where("metric_id", "=", METRIC)
    .orderBy("org_code")
    .execute();
  ORG_A = orgs[0]!.org_code;
  ORG_B = orgs[1]!.org_code;
  const rows = await t.db
    .selectFrom("metric_values")
    .select("period_start")
    .distinct()
    .where("metric_id", "=", METRIC)
    .where("org_code", "=", ORG_A)
    .orderBy("period_start")
    .execute();
  periods = rows.map((r) => r.period_start);
  // The last 40 months, all after the pandemic's national break (April 2022): no rule breaks them.
  periods = periods.slice(-40);
  expect(periods).toHaveLength(40);
  expect(periods[0]! >= "2022-04-01").toBe(true);
  // The synthetic step replaces ORG_A's series (every source of it), within the last 60 months.
  await sql`DELETE FROM metric_values WHERE metric_id = ${METRIC} AND org_code = ${ORG_A}
    AND period_start < ${periods[0]!}::date`.execute(t.db);
  for (const [i, p] of periods.entries()) {
    const v = stepValue(i);
    await sql`UPDATE metric_values SET numerator = ${v * 10}, denominator = 1000, value = ${v}
      WHERE metric_id = ${METRIC} AND org_code = ${ORG_A} AND period_start = ${p}::date`.execute(
      t.db,
    );
  }
  STEP = periods[20]!;

  const accounts = createAccountStore(t.db);
  const grants = caseGrants({ orgA: ORG_A, orgB: ORG_B, networkN: "n", networkM: "m" });
  for (const c of USER_CASES) {
    const email = `${c.replace(/_/g, "-")}@example.nhs.uk`;
    const user = await accounts.createUser({ email, displayName: `Person ${c}` });
    actors.set(c, {
      kind: "user",
      userId: user.userId,
      email,
      displayName: `Person ${c}`,
      grants: grants[c],
    } as Actor);
  }
  actors.set("anonymous", { kind: "anonymous" });

  analytics = createAnalyticsService(createAnalyticsStore(t));
  rebases = createRebaseService({
    store: createRebaseStore(t.db),
    periodsWithData: async (orgCode, metricId) =>
      (await analytics.metricDetail(orgCode, metricId)).series
        .filter((v) => v.value !== null)
        .map((v) => v.period),
    changeIdeaExists: async (ref) =>
      ref.guideId === "flow" && ref.changeIdeaId === "discharge-lounge",
    audit: createAuditor(accounts),
  });
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

const actor = (c: UserCase | "anonymous") => actors.get(c)!;
const input = (extra: Record<string, string> = {}) => ({
  orgCode: ORG_A,
  metricId: METRIC,
  period: STEP,
  reason: "New streaming model in the emergency department",
  ...extra,
});

async function auditRows(action: string, outcome: "success" | "denied" = "success") {
  return t.db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", action)
    .where("outcome", "=", outcome)
    .orderBy("audit_id")
    .execute();
}

/** Fresh analytics each time: the engine's version check is once a second. */
const fresh = () => createAnalyticsService(createAnalyticsStore(t));

describe("without a decision", () => {
  it("limits straddle the step: one phase, most points special cause", async () => {
    const d = await fresh().metricDetail(ORG_A, METRIC);
    expect(d.baseline.breaks.filter((b) => b.reason === "decision")).toEqual([]);
    const groups = new Set(d.spc!.points.map((p) => p.group));
    expect(groups.size).toBe(1);
    const last = d.spc!.points.at(-1)!;
    // The mean of both levels, between them: it describes neither process.
    expect(last.mean!).toBeGreaterThan(74);
    expect(last.mean!).toBeLessThan(81);
    // The platform suggests the step; it does not apply it.
    expect(d.suggestedRebasePoints.length).toBeGreaterThan(0);
  });
});

describe("recording and withdrawing, by role", () => {
  it("refuses everyone but the organisation's analysts and administrators", async () => {
    for (const c of [
      "org_member_A",
      "org_analyst_B",
      "network_lead_N",
      "no_roles",
      "guide_author",
    ] as const)
      await expect(rebases.record(actor(c), input()), c).rejects.toBeInstanceOf(ForbiddenError);
    await expect(rebases.record(actor("anonymous"), input())).rejects.toBeInstanceOf(
      SignInRequiredError,
    );
    // Each signed-in refusal is in the audit log as denied, with who, where and what was tried;
    // the reader not signed in is asked to sign in (as administration's guard does).
    const denied = await auditRows("rebase.record", "denied");
    expect(denied.map((r) => r.actor_label)).toEqual(
      ["org_member_A", "org_analyst_B", "network_lead_N", "no_roles", "guide_author"].map(
        (c) => (actor(c as UserCase) as { email: string }).email,
      ),
    );
    expect(denied[0]).toMatchObject({ org_code: ORG_A, actor_user_id: expect.any(Number) });
    expect(denied[0]!.details).toMatchObject({ metricId: METRIC, period: STEP });
    expect(await auditRows("rebase.record")).toEqual([]);
    expect(rebases.canManage(actor("org_analyst_A"), ORG_A)).toBe(true);
    expect(rebases.canManage(actor("national_admin"), ORG_A)).toBe(true);
    expect(rebases.canManage(actor("org_member_A"), ORG_A)).toBe(false);
    expect(await rebases.list(actor("national_admin"), ORG_A)).toEqual([]);
  });

  it("needs a reason, a period in the data, and a real change idea; nothing changes on refusal", async () => {
    const analyst = actor("org_analyst_A");
    const field = async (extra: Record<string, string>) => {
      const e = await rebases.record(analyst, input(extra)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).problems[0]!.column;
    };
    expect(await field({ reason: "   " })).toBe("reason");
    expect(await field({ reason: "x".repeat(501) })).toBe("reason");
    expect(await field({ period: "2001-01-01" })).toBe("period");
    expect(await field({ period: "yesterday" })).toBe("period");
    expect(await field({ period: periods[0]! })).toBe("period");
    expect(await field({ changeIdea: "flow/no-such-idea" })).toBe("changeIdea");
    expect(await field({ changeIdea: "not a ref" })).toBe("changeIdea");
    expect(await field({ proposalId: "12a" })).toBe("proposalId");
    await expect(
      rebases.record(analyst, input({ metricId: "no_such_metric" })),
    ).rejects.toBeInstanceOf(NotFoundError);
    // A category (an Oversight Framework segment) has no SPC limits to start again.
    const category = await rebases
      .record(analyst, input({ metricId: "nof_of5000" }))
      .catch((x: unknown) => x);
    expect(category).toBeInstanceOf(InputError);
    expect((category as InputError).problems[0]).toMatchObject({
      column: "metricId",
      value: "nof_of5000",
    });
    expect((category as InputError).message).toMatch(/nof_of5000.*no rebase decision/);
    expect(() => rebases.checkMetric("nof_of5000")).toThrow(InputError);
    expect(() => rebases.checkMetric(METRIC)).not.toThrow();
    const count = await t.db
      .selectFrom("rebase_decisions")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    expect(await auditRows("rebase.record")).toEqual([]);
  });

  it("records an analyst's decision, audited, and refuses a second at the same period", async () => {
    const before = await readDataVersion(t.db);
    const d = await rebases.record(
      actor("org_analyst_A"),
      input({ changeIdea: "flow/discharge-lounge", proposalId: "12" }),
      { ip: "192.0.2.1" },
    );
    expect(d).toMatchObject({
      orgCode: ORG_A,
      metricId: METRIC,
      period: STEP,
      reason: "New streaming model in the emergency department",
      changeIdea: { guideId: "flow", changeIdeaId: "discharge-lounge" },
      proposalId: 12,
      recordedBy: "Person org_analyst_A",
      withdrawal: null,
    });
    expect(await readDataVersion(t.db)).not.toBe(before);
    const [row] = await auditRows("rebase.record");
    expect(row).toMatchObject({
      actor_user_id: (actor("org_analyst_A") as { userId: number }).userId,
      org_code: ORG_A,
      target_kind: "rebase_decision",
      target_ref: String(d.decisionId),
      ip: "192.0.2.1",
    });
    expect(row!.details).toMatchObject({ metricId: METRIC, period: STEP });
    const again = await rebases.record(actor("national_admin"), input()).catch((x: unknown) => x);
    expect(again).toBeInstanceOf(InputError);
    expect((again as InputError).problems[0]!.column).toBe("period");
  });

  it("shows the recorder's name only to the organisation's own people", async () => {
    const [mine] = await rebases.list(actor("org_member_A"), ORG_A);
    expect(mine!.recordedBy).toBe("Person org_analyst_A");
    for (const c of ["anonymous", "org_analyst_B", "network_lead_N"] as const) {
      const [seen] = await rebases.list(actor(c), ORG_A, METRIC);
      expect(seen, c).toMatchObject({ period: STEP, reason: input().reason, recordedBy: null });
    }
    expect(await rebases.list(actor("anonymous"), ORG_B)).toEqual([]);
  });

  it("is never edited in the database", async () => {
    await expect(
      sql`UPDATE rebase_decisions SET reason = 'rewritten'`.execute(t.db),
    ).rejects.toThrow(/never edited/);
  });
});

describe("with a decision at the step", () => {
  it("the chart, the icons and the precomputed summary use two phases, and agree", async () => {
    const a = fresh();
    await a.precomputeAll();
    const d = await a.metricDetail(ORG_A, METRIC);
    const decision = d.baseline.breaks.find((b) => b.reason === "decision");
    expect(decision).toMatchObject({ period: STEP, text: input().reason });
    expect(decision!.decision).toMatchObject({ orgCode: ORG_A, period: STEP });
    const points = d.spc!.points;
    expect(new Set(points.map((p) => p.group)).size).toBe(2);
    expect(points.find((p) => p.date === STEP)!.group).toBe(1);
    const last = points.at(-1)!;
    expect(last.mean!).toBeGreaterThan(83);
    // The summary behind icons and tables (the fast kernel) is the chart's latest point.
    const summary = d.trend.spc!;
    expect(summary.mean).toBeCloseTo(last.mean!, 9);
    expect(summary.lpl).toBeCloseTo(last.lpl!, 9);
    expect(summary.upl).toBeCloseTo(last.upl!, 9);
    expect(summary.mean!).toBeGreaterThan(83);
    const dash = await a.organisationDashboard(ORG_A);
    const row = dash.metrics.find((m) => m.metric.metricId === METRIC)!;
    expect(row.trend.spc).toEqual(summary);
    // Another organisation's series is not touched by ORG_A's decision.
    const other = await a.metricDetail(ORG_B, METRIC);
    expect(other.baseline.breaks.some((b) => b.reason === "decision")).toBe(false);
  });

  it("a reader's suggested-date view is still only a view", async () => {
    const d = await fresh().metricDetail(
      ORG_A,
      METRIC,
      undefined,
      undefined,
      "reported",
      periods[30],
    );
    expect(d.baseline.requested).toBe(periods[30]);
    expect(d.baseline.breaks.map((b) => b.reason)).toEqual(["decision", "requested"]);
  });
});

describe("withdrawing", () => {
  it("refuses others, needs a reason, keeps the history and stops applying the decision", async () => {
    const [d] = await rebases.list(actor("org_analyst_A"), ORG_A);
    await expect(
      rebases.withdraw(actor("org_member_A"), ORG_A, d!.decisionId, "Mistake"),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // The refused attempt is audited as denied, naming the decision; nothing else is written.
    const denied = await auditRows("rebase.withdraw", "denied");
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      actor_user_id: (actor("org_member_A") as { userId: number }).userId,
      org_code: ORG_A,
      target_kind: "rebase_decision",
      target_ref: String(d!.decisionId),
    });
    expect(await auditRows("rebase.withdraw")).toEqual([]);
    await expect(
      rebases.withdraw(actor("anonymous"), ORG_A, d!.decisionId, "Mistake"),
    ).rejects.toBeInstanceOf(SignInRequiredError);
    expect(await auditRows("rebase.withdraw", "denied")).toHaveLength(1);
    // Another organisation's analyst, naming their own organisation: not found.
    await expect(
      rebases.withdraw(actor("org_analyst_B"), ORG_B, d!.decisionId, "Mistake"),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      rebases.withdraw(actor("org_analyst_A"), ORG_A, 999_999, "Mistake"),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      rebases.withdraw(actor("org_analyst_A"), ORG_A, d!.decisionId, " "),
    ).rejects.toBeInstanceOf(InputError);
    const w = await rebases.withdraw(
      actor("org_analyst_A"),
      ORG_A,
      d!.decisionId,
      "Recorded against the wrong month",
    );
    expect(w.withdrawal).toMatchObject({
      by: "Person org_analyst_A",
      reason: "Recorded against the wrong month",
    });
    await expect(
      rebases.withdraw(actor("org_analyst_A"), ORG_A, d!.decisionId, "Again"),
    ).rejects.toBeInstanceOf(InputError);
    const [row] = await auditRows("rebase.withdraw");
    expect(row).toMatchObject({ org_code: ORG_A, target_ref: String(d!.decisionId) });
    const list = await rebases.list(actor("anonymous"), ORG_A);
    expect(list).toHaveLength(1);
    expect(list[0]!.withdrawal).toMatchObject({
      by: null,
      reason: "Recorded against the wrong month",
    });
    const detail = await fresh().metricDetail(ORG_A, METRIC);
    expect(detail.baseline.breaks.some((b) => b.reason === "decision")).toBe(false);
    expect(new Set(detail.spc!.points.map((p) => p.group)).size).toBe(1);
    // A new decision may now be recorded at the same period.
    await rebases.record(
      actor("national_admin"),
      input({ reason: "Streaming model (re-recorded)" }),
    );
    expect(await rebases.list(actor("anonymous"), ORG_A)).toHaveLength(2);
  });
});
