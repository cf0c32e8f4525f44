/**
 * Proposals over a real database: drafting, editing, the review, running and evaluation, with
 * the audit rows, the outbox messages and the activity feed each step leaves, and the privacy
 * rule (a proposal a reader may not see does not exist for them).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, UserActor } from "../../src/accounts/actor.js";
import { createAuditor } from "../../src/accounts/audit.js";
import { createOutbox } from "../../src/accounts/mail.js";
import type { Grant } from "../../src/accounts/roles.js";
import {
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  SignInRequiredError,
} from "../../src/errors.js";
import type { ActivityRecorder } from "../../src/networks/activity.js";
import { evaluateMeasure, seriesStart } from "../../src/proposals/evaluation.js";
import {
  createProposalService,
  type ProposalService,
  type ProposalServiceDeps,
} from "../../src/proposals/service.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { createOutboxStore } from "../../src/storage/outbox-store.js";
import { createProposalStore } from "../../src/storage/proposals-store.js";
import { composeServices } from "../../src/web/compose.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { guideFixture } from "../support/guide-fixture.js";

const N = "london-uec";
const M = "london-elective";
const NOW = new Date("2025-08-10T09:00:00Z");

let t: TestDatabase;
let service: ProposalService;
let deps: ProposalServiceDeps;
let services: ReturnType<typeof composeServices>;
const feed: Parameters<ActivityRecorder["record"]>[0][] = [];
const people = new Map<string, UserActor>();
const as = (name: string) => people.get(name)!;
const anonymous: Actor = { kind: "anonymous" };

/** A complete, valid form: three participants, two comparators, a year of baseline. */
function form(overrides: Record<string, unknown> = {}) {
  return {
    title: "Direct access to SDEC across London",
    aim: "Raise the share of A&E patients seen within 4 hours.",
    approach: "Plan, do, study, act cycles, **weekly** huddles.",
    changeIdeas: ["test-flow/direct-access"],
    participants: "ZZ001, ZZ002 ZZ003",
    comparators: "ZZ004 ZZ005",
    primaryMetricId: "ae_4hr_all",
    balancingMetricIds: ["ae_attendances_all"],
    baselineStart: "2024-01",
    baselineEnd: "2024-12",
    plannedStart: "2025-02",
    followUpEnd: "2025-12",
    expectedEffect: "3",
    expectedDirection: "increase",
    timeline: "Three months of set-up.",
    resources: "One analyst per trust.",
    ...overrides,
  };
}

beforeAll(async () => {
  t = await demoDatabase({ orgs: 8, months: 24, seed: 5 });
  const accounts = createAccountStore(t.db);
  const grants: Record<string, Grant[]> = {
    lead: [{ role: "network_lead", scope: { kind: "network", networkId: N } }],
    otherLead: [{ role: "network_lead", scope: { kind: "network", networkId: M } }],
    member: [{ role: "network_member", scope: { kind: "network", networkId: N } }],
    reviewer: [{ role: "proposal_reviewer", scope: { kind: "national" } }],
    reviewerWhoLeads: [
      { role: "proposal_reviewer", scope: { kind: "national" } },
      { role: "network_lead", scope: { kind: "network", networkId: N } },
    ],
    admin: [{ role: "national_admin", scope: { kind: "national" } }],
    stranger: [],
  };
  for (const [name, list] of Object.entries(grants)) {
    const user = await accounts.createUser({
      email: `${name}@example.nhs.uk`,
      displayName: `Person ${name}`,
    });
    for (const g of list) await accounts.addGrant(user.userId, g, null);
    people.set(name, {
      kind: "user",
      userId: user.userId,
      email: user.email,
      displayName: `Person ${name}`,
      grants: list,
    });
  }
  services = composeServices({ db: t.db, pool: t.pool, now: () => NOW });
  await services.guides.publish({ kind: "operator", label: "test" }, guideFixture());
  deps = {
    store: createProposalStore(t.db),
    changeIdeas: () => services.proposals.options().then((o) => o.changeIdeas),
    organisationName: async (c) => (await services.directory.organisation(c))?.name ?? null,
    networkName: async (id) =>
      (await services.directory.networks()).find((n) => n.networkId === id)?.name ?? null,
    monthlySeries: (m, o, f, to) => services.analytics.monthlySeries(m, o, f, to),
    dataVersion: () => services.analytics.dataVersion(),
    recommendedPeers: async (c) =>
      (await services.analytics.recommendedPeers(c)).peers.map((p) => p.orgCode),
    audit: createAuditor(accounts),
    outbox: createOutbox({ store: createOutboxStore(t.db), now: () => NOW }),
    activity: { record: async (input) => void feed.push(input) },
    publicUrl: "https://hub.example",
    now: () => NOW,
  };
  service = createProposalService(deps);
}, 180_000);

afterAll(async () => {
  await t?.drop();
});

const auditActions = async (ref: string) =>
  (
    await sql<{ action: string; actor_label: string }>`
      SELECT action, actor_label FROM audit_log
      WHERE target_kind = 'proposal' AND target_ref = ${ref} ORDER BY audit_id`.execute(t.db)
  ).rows;
const mail = async () =>
  (
    await sql<{ to_address: string; subject: string; text_body: string }>`
      SELECT to_address, subject, text_body FROM mail_outbox ORDER BY id`.execute(t.db)
  ).rows;

describe("the minimum detectable effect on newer data", () => {
  it("is recomputed before approval when an import moves it, and not otherwise", async () => {
    const id = await service.create(as("lead"), N, form({ title: "MDE on newer data" }));
    const saved = (await service.view(as("lead"), id)).proposal.mde!.mde!;
    expect((await service.view(as("lead"), id)).currentMde).toBeNull();
    // A later import in which the comparators' months are gone: the placebos are then the
    // participants' own changes, so the figure moves.
    const later = createProposalService({
      ...deps,
      dataVersion: async () => "a later import",
      monthlySeries: async (metricId, codes, from, to) => {
        const series = await deps.monthlySeries(metricId, codes, from, to);
        const units = new Map(series.units);
        for (const code of ["ZZ004", "ZZ005"]) units.delete(code);
        return { ...series, units };
      },
    });
    const current = (await later.view(as("lead"), id)).currentMde!;
    expect(current.comparators).toBe(0);
    expect(current.mde).not.toBeCloseTo(saved, 6);
    expect((await later.view(as("lead"), id)).proposal.mde!.mde).toBe(saved);
  });
});

describe("drafting", () => {
  it("lets only the network's leads draft; others are refused", async () => {
    await expect(service.create(anonymous, N, form())).rejects.toThrow(SignInRequiredError);
    for (const who of ["member", "otherLead", "reviewer", "admin", "stranger"])
      await expect(service.create(as(who), N, form()), who).rejects.toThrow(ForbiddenError);
    await expect(service.create(as("lead"), "no-such-network", form())).rejects.toThrow(
      NotFoundError,
    );
  });

  it("names each wrong field and its value, and saves nothing", async () => {
    const before = await service.forNetwork(as("lead"), N);
    const error = await service
      .create(
        as("lead"),
        N,
        form({
          participants: "ZZ001 NOPE1",
          comparators: "ZZ001",
          baselineEnd: "2024-06",
          primaryMetricId: "not_a_metric",
          changeIdeas: ["test-flow/made-up"],
          expectedEffect: "lots",
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    // The form's shape first (the effect is not a number), with the months' order beside it;
    // organisations and measures are looked up once the shape is right.
    expect((error as InputError).problems).toEqual([
      {
        column: "expectedEffect",
        value: "lots",
        reason: 'Expected effect "lots" must be a positive number, e.g. 2.5',
      },
      {
        column: "baselineEnd",
        value: "2024-06",
        reason:
          'Baseline\'s last month "2024-06" must be at least 12 months after the baseline start 2024-01 (the baseline has 6)',
      },
    ]);
    const second = await service
      .create(
        as("lead"),
        N,
        form({
          participants: "ZZ001 NOPE1",
          comparators: "ZZ001",
          baselineEnd: "2024-06",
          primaryMetricId: "not_a_metric",
          changeIdeas: ["test-flow/made-up"],
        }),
      )
      .catch((e: unknown) => e);
    if (!(second instanceof InputError)) throw new Error("expected an InputError");
    expect(second.problems.map((p) => `${p.column}=${p.value}`)).toEqual([
      "baselineEnd=2024-06",
      "participants=NOPE1",
      "comparators=ZZ001",
      "changeIdeas=test-flow/made-up",
      "primaryMetricId=not_a_metric",
    ]);
    expect(second.message).toMatch(/Baseline's last month "2024-06" must be at least 12 months/);
    expect(second.problems[1]!.reason).toBe(
      'Participating organisation "NOPE1" is not the ODS code of an organisation we know',
    );
    expect(await service.forNetwork(as("lead"), N)).toEqual(before);
  });

  it("creates a draft with its minimum detectable effect, audited and in the feed", async () => {
    const id = await service.create(as("lead"), N, form());
    const { proposal, history, actions, canEdit } = await service.view(as("lead"), id);
    expect(proposal.state).toBe("draft");
    expect(proposal.participants).toEqual(["ZZ001", "ZZ002", "ZZ003"]);
    expect(proposal.comparators).toEqual(["ZZ004", "ZZ005"]);
    expect(proposal.baselineStart).toBe("2024-01");
    expect(proposal.mde?.participants).toBe(3);
    expect(proposal.mde?.comparators).toBe(2);
    // In the measure's units (percentage points of the 4-hour share), not a fraction.
    expect(proposal.mde?.mde).toBeGreaterThan(0.1);
    expect(proposal.mde?.mde).toBeLessThan(30);
    expect(proposal.mde?.placebos).toBe(7);
    expect(history.map((h) => [h.fromState, h.toState])).toEqual([[null, "draft"]]);
    expect(actions).toEqual(["submit"]);
    expect(canEdit).toBe(true);
    expect(await auditActions(String(id))).toEqual([
      { action: "proposal.created", actor_label: "lead@example.nhs.uk" },
    ]);
    expect(feed.at(-1)).toMatchObject({
      networkId: N,
      kind: "proposal.drafted",
      href: `/proposals/${id}`,
      visibility: "network",
    });
  });

  it("suggests comparators from the participants' recommended peers, never a participant", async () => {
    const suggested = await service.suggestComparators(["ZZ001", "ZZ002"]);
    expect(suggested.length).toBeGreaterThan(0);
    for (const s of suggested) expect(["ZZ001", "ZZ002"]).not.toContain(s.orgCode);
    const counts = suggested.map((s) => s.recommendedBy);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});

describe("the life of a proposal", () => {
  let id: number;
  beforeAll(async () => {
    id = await service.create(as("lead"), N, form({ title: "Lifecycle" }));
  });

  it("keeps a draft private to the network and administrators", async () => {
    for (const who of ["lead", "member", "admin", "reviewerWhoLeads"])
      await expect(service.view(as(who), id), who).resolves.toBeTruthy();
    for (const who of ["reviewer", "otherLead", "stranger"])
      await expect(service.view(as(who), id), who).rejects.toThrow(NotFoundError);
    await expect(service.view(anonymous, id)).rejects.toThrow(NotFoundError);
    await expect(service.view(as("lead"), 999_999)).rejects.toThrow(NotFoundError);
    // A draft has no evaluation, even for its leads; outsiders cannot tell it exists.
    await expect(service.evaluation(as("lead"), id)).rejects.toThrow(NotFoundError);
    await expect(service.evaluation(anonymous, id)).rejects.toThrow(NotFoundError);
    expect((await service.forNetwork(anonymous, N)).map((p) => p.proposalId)).not.toContain(id);
    expect((await service.forNetwork(as("member"), N)).map((p) => p.proposalId)).toContain(id);
  });

  it("lets leads edit a draft; members may not", async () => {
    await service.update(as("lead"), id, form({ title: "Lifecycle", aim: "A better aim." }));
    expect((await service.view(as("lead"), id)).proposal.aim).toBe("A better aim.");
    await expect(service.update(as("member"), id, form())).rejects.toThrow(ConflictError);
    await expect(service.update(as("stranger"), id, form())).rejects.toThrow(NotFoundError);
  });

  it("refuses a transition the reader may not take, changing nothing", async () => {
    await expect(service.transition(as("reviewer"), id, "submit", "")).rejects.toThrow(
      NotFoundError,
    );
    await expect(service.transition(as("member"), id, "submit", "")).rejects.toThrow(
      ForbiddenError,
    );
    await expect(service.transition(as("lead"), id, "approve", "")).rejects.toThrow(ForbiddenError);
    await expect(service.transition(as("lead"), id, "explode", "")).rejects.toThrow(InputError);
    expect((await service.view(as("lead"), id)).proposal.state).toBe("draft");
  });

  it("is submitted, sent back with comments, and submitted again", async () => {
    const before = (await mail()).length;
    expect(await service.transition(as("lead"), id, "submit", "")).toBe("submitted");
    const sent = (await mail()).slice(before);
    // The network's leads (lead, reviewerWhoLeads) and the reviewers (reviewer, reviewerWhoLeads).
    expect(sent.map((m) => m.to_address).sort()).toEqual([
      "lead@example.nhs.uk",
      "reviewer@example.nhs.uk",
      "reviewerwholeads@example.nhs.uk",
    ]);
    expect(sent[0]!.subject).toBe(`Proposal ${id}: submitted for review`);
    expect(sent[0]!.text_body).toContain(`https://hub.example/proposals/${id}`);
    // Reviewers now see it; a reviewer who leads the network may not review it.
    expect((await service.reviewQueue(as("reviewer"))).map((p) => p.proposalId)).toContain(id);
    expect(
      (await service.reviewQueue(as("reviewerWhoLeads"))).map((p) => p.proposalId),
    ).not.toContain(id);
    await expect(service.reviewQueue(as("lead"))).rejects.toThrow(NotFoundError);
    await expect(
      service.transition(as("reviewerWhoLeads"), id, "start_review", ""),
    ).rejects.toThrow(ForbiddenError);
    await expect(service.transition(as("reviewer"), id, "send_back", " ")).rejects.toThrow(
      InputError,
    );
    expect(
      await service.transition(as("reviewer"), id, "send_back", "Add a third comparator."),
    ).toBe("draft");
    await expect(service.view(as("reviewer"), id)).rejects.toThrow(NotFoundError);
    await service.update(
      as("lead"),
      id,
      form({ title: "Lifecycle", comparators: "ZZ004 ZZ005 ZZ006" }),
    );
    expect(await service.transition(as("lead"), id, "submit", "")).toBe("submitted");
  });

  it("is reviewed with comments and approved, then public", async () => {
    expect(await service.transition(as("reviewer"), id, "start_review", "")).toBe("in_review");
    await service.comment(as("reviewer"), id, "How will you hold the gains?");
    await service.comment(as("lead"), id, "Weekly huddles, see the approach.");
    await expect(service.comment(as("member"), id, "Me too")).rejects.toThrow(ForbiddenError);
    await expect(service.comment(as("reviewer"), id, "   ")).rejects.toThrow(InputError);
    await expect(service.view(anonymous, id)).rejects.toThrow(NotFoundError);
    expect(await service.transition(as("admin"), id, "approve", "")).toBe("approved");
    const seen = await service.view(anonymous, id);
    expect(seen.actions).toEqual([]);
    expect(seen.comments.map((c) => c.body)).toEqual([
      "How will you hold the gains?",
      "Weekly huddles, see the approach.",
    ]);
    expect(feed.at(-1)).toMatchObject({ kind: "proposal.approved", visibility: "public" });
  });

  it("runs, is evaluated with a record, and is closed", async () => {
    await expect(service.transition(as("reviewer"), id, "start", "")).rejects.toThrow(
      ForbiddenError,
    );
    expect(await service.transition(as("lead"), id, "start", "")).toBe("running");
    // While running, everyone who may read it sees the evaluation on the latest data: the same
    // numbers the statistics give on the participants' and comparators' months.
    const live = await service.evaluation(anonymous, id);
    expect(live.kind).toBe("live");
    const { proposal } = live.view;
    expect(live.evaluation.measures.map((m) => [m.metricId, m.role])).toEqual([
      ["ae_4hr_all", "primary"],
      ["ae_attendances_all", "balancing"],
    ]);
    expect(live.evaluation.dataVersion).toBe(await services.analytics.dataVersion());
    const series = await services.analytics.monthlySeries(
      "ae_4hr_all",
      [...proposal.participants, ...proposal.comparators],
      seriesStart(proposal),
      proposal.followUpEnd,
    );
    expect(live.evaluation.measures[0]).toEqual(
      evaluateMeasure(proposal, {
        metricId: "ae_4hr_all",
        role: "primary",
        better: "increase",
        series,
      }),
    );
    expect(live.evaluation.measures[0]!.used.participants).toEqual(["ZZ001", "ZZ002", "ZZ003"]);
    await expect(service.transition(as("lead"), id, "evaluate", "")).rejects.toThrow(InputError);
    expect(
      await service.transition(as("lead"), id, "evaluate", "The share rose by 2.1 points."),
    ).toBe("evaluated");
    // The record keeps the numbers it was concluded on, with their data version.
    const recorded = await service.evaluation(anonymous, id);
    expect(recorded.kind).toBe("recorded");
    expect(recorded.evaluation).toEqual(live.evaluation);
    expect((await service.view(anonymous, id)).proposal.evaluation).toBe(
      "The share rose by 2.1 points.",
    );
    expect(await service.transition(as("admin"), id, "close", "")).toBe("closed");
    const { history } = await service.view(anonymous, id);
    expect(history.map((h) => h.toState)).toEqual([
      "draft",
      "submitted",
      "draft",
      "submitted",
      "in_review",
      "approved",
      "running",
      "evaluated",
      "closed",
    ]);
    expect(history[2]).toMatchObject({
      actorLabel: "Person reviewer",
      reason: "Add a third comparator.",
    });
    expect((await auditActions(String(id))).map((a) => a.action)).toEqual([
      "proposal.created",
      "proposal.edited",
      "proposal.submit",
      "proposal.send_back",
      "proposal.edited",
      "proposal.submit",
      "proposal.start_review",
      "proposal.commented",
      "proposal.commented",
      "proposal.approve",
      "proposal.start",
      "proposal.evaluate",
      "proposal.close",
    ]);
  });

  it("declines with reasons, which a lead then closes", async () => {
    const other = await service.create(as("lead"), N, form({ title: "To decline" }));
    await service.transition(as("lead"), other, "submit", "");
    await service.transition(as("reviewer"), other, "start_review", "");
    await expect(service.transition(as("reviewer"), other, "decline", "")).rejects.toThrow(
      InputError,
    );
    expect(await service.transition(as("reviewer"), other, "decline", "Too small to tell.")).toBe(
      "declined",
    );
    // Declined is not public.
    await expect(service.view(anonymous, other)).rejects.toThrow(NotFoundError);
    expect((await mail()).at(-1)!.text_body).toContain("Too small to tell.");
    expect(await service.transition(as("lead"), other, "close", "")).toBe("closed");
  });
});
