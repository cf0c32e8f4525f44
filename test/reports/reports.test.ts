/**
 * Integrated performance reports over a real database and the demo data: layouts checked at the
 * boundary, the ready-made definitions for each kind of subject, who may read and write what
 * (the policy, including API tokens), commentary versions and their carry-forward, the audit
 * rows each write leaves, and an organisation's figures being the metric page's own.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, TokenScope, UserActor } from "../../src/accounts/actor.js";
import type { Grant } from "../../src/accounts/roles.js";
import { InputError, NotFoundError, UsageError } from "../../src/errors.js";
import { catalogue, getMetric } from "../../src/metrics/catalogue/index.js";
import { focusTopicsOf, groupMetrics } from "../../src/metrics/dashboards/service.js";
import { parseLayout } from "../../src/reports/definition.js";
import type { ReportService } from "../../src/reports/service.js";
import { parseSubjectKey, subjectKey } from "../../src/reports/subject.js";
import type { ReportSubject } from "../../src/reports/types.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { composeServices } from "../../src/web/compose.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { guideFixture } from "../support/guide-fixture.js";

const ORG = "ZZ001";
const OTHER_ORG = "ZZ002";
const N = "london-uec";
const NOW = new Date("2025-08-10T09:00:00Z");

let t: TestDatabase;
let services: ReturnType<typeof composeServices>;
let reports: ReportService;
let proposalId: number;
let region: string;
const people = new Map<string, UserActor>();
const as = (name: string) => people.get(name)!;
const anonymous: Actor = { kind: "anonymous" };
const operator: Actor = { kind: "operator", label: "test" };
const via = (name: string, scope: TokenScope): UserActor => ({
  ...as(name),
  via: { kind: "token", tokenId: 1, scope },
});

const org: ReportSubject = { kind: "organisation", orgCode: ORG };
const network: ReportSubject = { kind: "network", networkId: N };
const regionSubject = (): ReportSubject => ({ kind: "region", regionCode: region });
const proposal = (): ReportSubject => ({ kind: "proposal", proposalId });

const layout = (metricIds: string[] = ["ae_4hr_all", "ae_attendances_all"]) => ({
  title: "Board pack",
  description: "Monthly board report.",
  sections: [{ title: "Urgent care", metricIds }],
});

beforeAll(async () => {
  t = await demoDatabase({ orgs: 8, months: 24, seed: 5 });
  const accounts = createAccountStore(t.db);
  const grants: Record<string, Grant[]> = {
    member: [{ role: "organisation_member", scope: { kind: "organisation", orgCode: ORG } }],
    analyst: [{ role: "organisation_analyst", scope: { kind: "organisation", orgCode: ORG } }],
    otherAnalyst: [
      { role: "organisation_analyst", scope: { kind: "organisation", orgCode: OTHER_ORG } },
    ],
    networkMember: [{ role: "network_member", scope: { kind: "network", networkId: N } }],
    lead: [{ role: "network_lead", scope: { kind: "network", networkId: N } }],
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
  reports = services.reports;
  await services.guides.publish(operator, guideFixture());
  proposalId = await services.proposals.create(as("lead"), N, {
    title: "Direct access to SDEC across London",
    aim: "Raise the share of A&E patients seen within 4 hours.",
    approach: "Weekly huddles.",
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
  });
  region = (await services.directory.organisation(ORG))!.regionCode!;
}, 180_000);

afterAll(async () => {
  await t?.drop();
});

/** The problems of the InputError `fn` throws, as `field: reason`. */
function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems.map((p) => `${p.column}: ${p.reason}`);
  }
  throw new Error("no error");
}

describe("subject keys", () => {
  it("write and read back each kind, and refuse anything else", () => {
    const subjects: ReportSubject[] = [
      { kind: "organisation", orgCode: "RDE" },
      { kind: "network", networkId: "north-west-uec" },
      { kind: "region", regionCode: "Y56" },
      { kind: "proposal", proposalId: 12 },
    ];
    expect(subjects.map(subjectKey)).toEqual([
      "organisation:RDE",
      "network:north-west-uec",
      "region:Y56",
      "proposal:12",
    ]);
    for (const s of subjects) expect(parseSubjectKey(subjectKey(s))).toEqual(s);
    for (const bad of ["RDE", "organisation:", "proposal:0", "proposal:x", "team:1"])
      expect(() => parseSubjectKey(bad), bad).toThrow(UsageError);
  });
});

describe("parseLayout", () => {
  it("accepts a layout and trims it", () => {
    expect(
      parseLayout({ title: "  Board ", sections: [{ title: "UEC", metricIds: ["ae_4hr_all"] }] }),
    ).toEqual({
      title: "Board",
      description: "",
      sections: [{ title: "UEC", metricIds: ["ae_4hr_all"] }],
    });
  });

  it("names the field and the value of every problem", () => {
    expect(
      problemsOf(() =>
        parseLayout({
          title: "",
          description: "x".repeat(1001),
          sections: [{ title: "A", metricIds: [] }],
        }),
      ),
    ).toEqual([
      "title: title must not be empty",
      `description: description "${"x".repeat(80)}…(1,001 characters)" must be at most 1000 characters`,
      'sections[0].metricIds: sections[0].metricIds "0 items" must name at least one metric',
    ]);
    expect(
      problemsOf(() =>
        parseLayout({
          title: "Board",
          sections: [
            { title: "A", metricIds: ["ae_4hr_all", "no_such_metric"] },
            { title: "B", metricIds: ["ae_4hr_all"] },
          ],
        }),
      ),
    ).toEqual([
      'sections[0].metricIds[1]: sections[0].metricIds[1] "no_such_metric" is not a catalogue metric',
      'sections[1].metricIds[0]: sections[1].metricIds[0] "ae_4hr_all" is already in the report (sections[0].metricIds[0])',
    ]);
  });

  it("holds at most 20 sections and 60 metrics, each section titled", () => {
    const ids = catalogue.map((m) => m.id);
    expect(
      problemsOf(() =>
        parseLayout({ title: "Big", sections: [{ title: "All", metricIds: ids.slice(0, 61) }] }),
      ),
    ).toEqual(['sections: sections "61 metrics" must hold at most 60 metrics']);
    expect(
      parseLayout({ title: "Big", sections: [{ title: "All", metricIds: ids.slice(0, 60) }] })
        .sections[0]!.metricIds,
    ).toHaveLength(60);
    const many = Array.from({ length: 21 }, (_, i) => ({ title: `S${i}`, metricIds: [ids[i]!] }));
    expect(problemsOf(() => parseLayout({ title: "Many", sections: many }))).toEqual([
      'sections: sections "21 items" must have at most 20 sections',
    ]);
    expect(
      problemsOf(() =>
        parseLayout({
          title: "T".repeat(121),
          sections: [{ title: " ", metricIds: ["ae_4hr_all"] }],
        }),
      ),
    ).toEqual([
      `title: title "${"T".repeat(121)}" must be at most 120 characters`.replace(
        "T".repeat(121),
        `${"T".repeat(80)}…(121 characters)`,
      ),
      'sections[0].title: sections[0].title " " must not be empty',
    ]);
    expect(problemsOf(() => parseLayout("a layout"))).toEqual([
      'definition: definition "a layout" Invalid input: expected object, received string',
    ]);
  });
});

describe("ready-made definitions", () => {
  const total = (d: { sections: readonly { metricIds: readonly string[] }[] }) =>
    d.sections.reduce((n, s) => n + s.metricIds.length, 0);

  it("for an organisation: one per topic of the metrics its kind reports, split at 60, then guides", async () => {
    const kind = (await services.directory.organisation(ORG))!.kind;
    const defs = await reports.definitions(anonymous, org);
    const mine = catalogue.filter((m) => m.reportedBy.includes(kind));
    const topics = [...new Set(mine.map((m) => m.topic))];
    const topicDefs = defs.filter((d) => d.origin === "topic");
    // Every metric of its kind once, in catalogue order, across the topic definitions.
    expect(topicDefs.flatMap((d) => d.sections.flatMap((s) => s.metricIds))).toEqual(
      topics.flatMap((topic) => mine.filter((m) => m.topic === topic).map((m) => m.id)),
    );
    for (const topic of topics) expect(defs.map((d) => d.key)).toContain(`topic-${topic}`);
    for (const d of defs) expect(total(d), d.key).toBeLessThanOrEqual(60);
    const oversight = mine.filter((m) => m.topic === "oversight").length;
    // An acute trust reports more Oversight Framework metrics than a report holds: two parts.
    expect(oversight).toBeGreaterThan(60);
    const part2 = defs.find((d) => d.key === "topic-oversight-part-2")!;
    expect(part2.title).toBe("NHS Oversight Framework (part 2 of 2)");
    expect(part2.description).toContain(`metrics 61 to ${oversight} of the ${oversight}`);
    expect(total(part2)).toBe(oversight - 60);
    const guide = guideFixture();
    const guideDef = defs.find((d) => d.key === `guide-${guide.guideId}`)!;
    expect(guideDef.origin).toBe("guide");
    expect(guideDef.sections.flatMap((s) => s.metricIds).sort()).toEqual(
      guide.measures
        .map((m) => m.metricId)
        .filter((id) => getMetric(id)?.reportedBy.includes(kind))
        .sort(),
    );
    // Saved ones are not shown to a reader who may not read the organisation's private pages.
    expect(defs.some((d) => d.origin === "saved")).toBe(false);
  });

  it("for a network and a region: the group dashboard's metrics", async () => {
    const focus = (await services.directory.networks()).find((n) => n.networkId === N)!.focus;
    const netDefs = await reports.definitions(anonymous, network);
    expect(
      netDefs
        .filter((d) => d.origin === "topic")
        .flatMap((d) => d.sections.flatMap((s) => s.metricIds)),
    ).toEqual(groupMetrics(focusTopicsOf(focus)).map((m) => m.id));
    const regionDefs = await reports.definitions(anonymous, regionSubject());
    expect(
      regionDefs
        .filter((d) => d.origin === "topic")
        .flatMap((d) => d.sections.flatMap((s) => s.metricIds)),
    ).toEqual(groupMetrics(focusTopicsOf("both")).map((m) => m.id));
    await expect(
      reports.definitions(anonymous, { kind: "region", regionCode: "Y99" }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      reports.definitions(anonymous, { kind: "network", networkId: "no-such-network" }),
    ).rejects.toThrow(NotFoundError);
  });

  it("for a proposal: its measures first, for those who may see it", async () => {
    const defs = await reports.definitions(as("networkMember"), proposal());
    expect(defs[0]).toMatchObject({
      key: "proposal-measures",
      origin: "proposal",
      sections: [
        { title: "Primary measures", metricIds: ["ae_4hr_all"] },
        { title: "Balancing measures", metricIds: ["ae_attendances_all"] },
      ],
    });
    expect(defs.some((d) => d.key === "topic-uec")).toBe(true);
    // A draft is its network's: nobody else sees it, or its reports.
    for (const who of [anonymous, as("stranger"), as("analyst")])
      await expect(reports.definitions(who, proposal())).rejects.toThrow(NotFoundError);
    await expect(
      reports.describe(as("admin"), { kind: "proposal", proposalId: 999_999 }),
    ).rejects.toThrow(NotFoundError);
    expect((await reports.describe(as("lead"), proposal())).name).toBe(
      "Direct access to SDEC across London",
    );
  });
});

describe("who may do what", () => {
  // prettier-ignore
  const MATRIX: [string, () => Actor, boolean, boolean][] = [
    //  who                      actor                          read   edit
    ["anonymous",                () => anonymous,               false, false],
    ["organisation member",      () => as("member"),            true,  false],
    ["analyst",                  () => as("analyst"),           true,  true],
    ["another's analyst",        () => as("otherAnalyst"),      false, false],
    ["network member",           () => as("networkMember"),     false, false],
    ["analyst, read token",      () => via("analyst", "read"),  true,  false],
    ["analyst, read-write token",() => via("analyst", "read_write"), true, true],
    ["administrator",            () => as("admin"),             true,  true],
  ];

  for (const [who, actor, read, edit] of MATRIX)
    it(`an organisation's reports: ${who}`, async () => {
      expect(await reports.canReadCommentary(actor(), org)).toBe(read);
      expect(await reports.canEdit(actor(), org)).toBe(edit);
      const saving = reports.saveDefinition(actor(), org, layout());
      if (edit) await expect(saving).resolves.toMatchObject({ origin: "saved" });
      else
        await expect(saving).rejects.toMatchObject({
          kind: actor().kind === "anonymous" ? "sign_in_required" : "forbidden",
        });
      const commenting = reports.saveCommentary(actor(), org, {
        metricId: "ae_4hr_all",
        period: "2025-06-01",
        text: `From ${who}`,
      });
      if (edit) await expect(commenting).resolves.toMatchObject({ metricId: "ae_4hr_all" });
      else
        await expect(commenting).rejects.toMatchObject({
          kind: actor().kind === "anonymous" ? "sign_in_required" : "forbidden",
        });
    });

  it("a network's, a region's and a proposal's", async () => {
    expect(await reports.canEdit(as("networkMember"), network)).toBe(true);
    expect(await reports.canEdit(via("networkMember", "read"), network)).toBe(false);
    expect(await reports.canReadCommentary(via("networkMember", "read"), network)).toBe(true);
    expect(await reports.canEdit(as("analyst"), network)).toBe(false);
    // A region's: national administrators only.
    for (const who of ["member", "analyst", "networkMember", "lead", "stranger"]) {
      expect(await reports.canEdit(as(who), regionSubject()), who).toBe(false);
      expect(await reports.canReadCommentary(as(who), regionSubject()), who).toBe(false);
    }
    expect(await reports.canEdit(as("admin"), regionSubject())).toBe(true);
    // A proposal's: its network's, and only when the reader may see it.
    expect(await reports.canEdit(as("networkMember"), proposal())).toBe(true);
    expect(await reports.canReadCommentary(as("lead"), proposal())).toBe(true);
    expect(await reports.canReadCommentary(as("stranger"), proposal())).toBe(false);
    await expect(
      reports.saveCommentary(as("stranger"), proposal(), {
        metricId: "ae_4hr_all",
        period: "2025-06-01",
        text: "Not mine",
      }),
    ).rejects.toThrow(NotFoundError);
  });

  it("shows saved definitions to commentary readers only, and finds them by key", async () => {
    const saved = await reports.saveDefinition(as("analyst"), org, layout(["ae_4hr_all"]));
    expect(saved.key).toMatch(/^r\d+$/);
    expect(saved.savedBy).toBe("Person analyst");
    expect((await reports.definitions(as("member"), org)).map((d) => d.key)).toContain(saved.key);
    expect((await reports.definitions(anonymous, org)).map((d) => d.key)).not.toContain(saved.key);
    await expect(reports.definition(anonymous, org, saved.key)).rejects.toThrow(NotFoundError);
    await expect(reports.definition(as("member"), org, saved.key)).resolves.toMatchObject({
      title: "Board pack",
    });
    // Another subject's key is not this subject's.
    await expect(
      reports.definition(as("admin"), { kind: "organisation", orgCode: OTHER_ORG }, saved.key),
    ).rejects.toThrow(NotFoundError);
    await expect(reports.definition(anonymous, org, "topic-uec")).resolves.toMatchObject({
      origin: "topic",
    });
  });
});

describe("saving and deleting definitions", () => {
  it("updates and soft-deletes, auditing each", async () => {
    const created = await reports.saveDefinition(as("analyst"), org, layout());
    const updated = await reports.saveDefinition(
      as("analyst"),
      org,
      { ...layout(["ae_attendances_all"]), title: "Board pack v2" },
      created.key,
    );
    expect(updated).toMatchObject({ key: created.key, title: "Board pack v2" });
    await expect(reports.saveDefinition(as("analyst"), org, layout(), "r999999")).rejects.toThrow(
      NotFoundError,
    );
    await expect(reports.saveDefinition(as("analyst"), org, { title: "" })).rejects.toThrow(
      InputError,
    );
    await reports.deleteDefinition(as("analyst"), org, created.key);
    await expect(reports.definition(as("analyst"), org, created.key)).rejects.toThrow(
      NotFoundError,
    );
    await expect(reports.deleteDefinition(as("analyst"), org, created.key)).rejects.toThrow(
      NotFoundError,
    );
    const { rows } = await sql<{ action: string; actor_label: string; org_code: string }>`
      SELECT action, actor_label, org_code FROM audit_log
      WHERE target_kind = 'report_definition' AND target_ref = ${`organisation:${ORG}/${created.key}`}
      ORDER BY audit_id`.execute(t.db);
    expect(rows.map((r) => r.action)).toEqual([
      "report.definition_saved",
      "report.definition_saved",
      "report.definition_deleted",
    ]);
    expect(new Set(rows.map((r) => r.org_code))).toEqual(new Set([ORG]));
    // The row stays, marked deleted.
    const kept = await t.db
      .selectFrom("report_definitions")
      .select(["deleted_at"])
      .where("id", "=", Number(created.key.slice(1)))
      .executeTakeFirstOrThrow();
    expect(kept.deleted_at).toEqual(NOW);
  });
});

describe("commentary", () => {
  const subject: ReportSubject = { kind: "network", networkId: N };
  const save = (period: string, text: string, who = "networkMember") =>
    reports.saveCommentary(as(who), subject, { metricId: "ae_4hr_all", period, text });

  it("keeps every version, shows the latest, and carries the last one forward as a draft", async () => {
    expect(await save("2025-05-01", "May: first")).toMatchObject({ version: 1 });
    expect(await save("2025-05-01", "May: second", "lead")).toMatchObject({
      version: 2,
      authorName: "Person lead",
    });
    expect(await save("2025-06-01", "June")).toMatchObject({ version: 1, period: "2025-06-01" });

    const views = await reports.commentary(as("networkMember"), subject, [
      { metricId: "ae_4hr_all", period: "2025-05-01" },
    ]);
    expect(views.get("ae_4hr_all")).toMatchObject({
      text: "May: second",
      version: 2,
      period: "2025-05-01",
      carriedFrom: null,
    });
    const july = await reports.commentary(as("networkMember"), subject, [
      { metricId: "ae_4hr_all", period: "2025-07-01" },
      { metricId: "ae_attendances_all", period: "2025-07-01" },
    ]);
    expect(july.get("ae_4hr_all")).toMatchObject({
      text: "June",
      period: "2025-07-01",
      carriedFrom: "2025-06-01",
    });
    expect(july.has("ae_attendances_all")).toBe(false);
    // Before any commentary: none; and nothing for a reader who may not read it.
    expect(
      (
        await reports.commentary(as("networkMember"), subject, [
          { metricId: "ae_4hr_all", period: "2025-04-01" },
        ])
      ).size,
    ).toBe(0);
    expect(
      (
        await reports.commentary(anonymous, subject, [
          { metricId: "ae_4hr_all", period: "2025-05-01" },
        ])
      ).size,
    ).toBe(0);

    expect(
      (await reports.commentaryHistory(as("networkMember"), subject, "ae_4hr_all")).map(
        (c) => `${c.period} v${c.version} ${c.text}`,
      ),
    ).toEqual(["2025-06-01 v1 June", "2025-05-01 v2 May: second", "2025-05-01 v1 May: first"]);
    await expect(reports.commentaryHistory(anonymous, subject, "ae_4hr_all")).rejects.toMatchObject(
      {
        kind: "sign_in_required",
      },
    );
    await expect(
      reports.commentaryHistory(as("analyst"), subject, "ae_4hr_all"),
    ).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("is append-only in the database and audited with its version, refusals too", async () => {
    await expect(sql`UPDATE report_commentary SET text = 'changed'`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM report_commentary`.execute(t.db)).rejects.toThrow(/append-only/);
    const { rows } = await sql<{
      action: string;
      network_id: string;
      details: { version: number };
    }>`
      SELECT action, network_id, details FROM audit_log
      WHERE target_kind = 'report_commentary' AND target_ref = ${`network:${N}/ae_4hr_all/2025-05-01`}
      ORDER BY audit_id`.execute(t.db);
    expect(rows.map((r) => [r.action, r.network_id, r.details.version])).toEqual([
      ["report.commentary_saved", N, 1],
      ["report.commentary_saved", N, 2],
    ]);
    // A signed-in person the policy refuses: written as denied; nothing for an anonymous reader.
    await expect(save("2025-05-01", "Not my network", "analyst")).rejects.toMatchObject({
      kind: "forbidden",
    });
    const denied = await sql<{ actor_label: string; outcome: string; network_id: string }>`
      SELECT actor_label, outcome, network_id FROM audit_log
      WHERE action = 'report.commentary_saved' AND outcome = 'denied'
        AND target_ref = ${`network:${N}`}`.execute(t.db);
    expect(denied.rows).toEqual([
      { actor_label: "analyst@example.nhs.uk", outcome: "denied", network_id: N },
    ]);
  });

  it("keeps every one of several saves at once, numbered in turn", async () => {
    const texts = ["one", "two", "three", "four", "five"];
    const saved = await Promise.all(texts.map((text) => save("2025-03-01", text)));
    expect(saved.map((c) => c.version).sort()).toEqual([1, 2, 3, 4, 5]);
    const history = await reports.commentaryHistory(as("networkMember"), subject, "ae_4hr_all");
    expect(
      history
        .filter((c) => c.period === "2025-03-01")
        .map((c) => c.text)
        .sort(),
    ).toEqual([...texts].sort());
  });

  it("checks what is saved, naming the field and the value", async () => {
    const error = await reports
      .saveCommentary(as("networkMember"), subject, {
        metricId: "nope",
        period: "2025-02-30",
        text: " ",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.reason)).toEqual([
      'metricId "nope" is not a catalogue metric',
      'period "2025-02-30" is not a date in the calendar',
      'text " " must not be empty',
    ]);
    await expect(save("2025-05-01", "x".repeat(4001))).rejects.toThrow(/at most 4000 characters/);
    expect(await save("2025-05-01", "x".repeat(4000))).toMatchObject({ version: 3 });
  });
});

describe("a report's figures", () => {
  it("for an organisation are the metric page's own (SPC mean and limits to 1e-9)", async () => {
    const kind = (await services.directory.organisation(ORG))!.kind;
    const ids = catalogue
      .filter((m) => m.reportedBy.includes(kind) && m.topic !== "oversight")
      .map((m) => m.id)
      .slice(0, 40);
    const sections = await reports.sections(anonymous, org, {
      sections: [{ title: "All", metricIds: ids }],
    });
    const [section] = sections;
    expect(section!.metrics.length + section!.missing.length).toBe(ids.length);
    let compared = 0;
    for (const m of section!.metrics) {
      const detail = await services.analytics.metricDetail(ORG, m.metric.id);
      expect(m.target).toEqual(
        detail.target ? { value: detail.target.value, label: detail.target.label } : null,
      );
      if (!m.spc) continue;
      compared++;
      expect(m.spc.points.length).toBe(detail.spc!.points.length);
      m.spc.points.forEach((p, i) => {
        const q = detail.spc!.points[i]!;
        for (const k of ["mean", "upl", "lpl"] as const)
          if (p[k] === null || q[k] === null) expect(p[k]).toBe(q[k]);
          else expect(Math.abs(p[k] - q[k]), `${m.metric.id} ${k}`).toBeLessThan(1e-9);
      });
      expect(m.latest?.period).toBe(detail.latestPeriod);
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("for a network and a proposal come from the group aggregates, the rest listed as missing", async () => {
    const ids = ["ae_4hr_all", "ae_attendances_all", "shmi"];
    const [section] = await reports.sections(anonymous, network, {
      sections: [{ title: "UEC", metricIds: ids }],
    });
    const dashboard = await services.groups.network(N);
    for (const m of section!.metrics) {
      const row = dashboard.rows.find((r) => r.metric.id === m.metric.id)!;
      expect(m.spc).toEqual(row.spc);
      expect(m.seriesLabel).toBe("the network's member providers combined");
    }
    expect([...section!.metrics.map((m) => m.metric.id), ...section!.missing].sort()).toEqual(
      [...ids].sort(),
    );
    const [r] = await reports.sections(anonymous, regionSubject(), {
      sections: [{ title: "UEC", metricIds: ["ae_4hr_all"] }],
    });
    const regionRow = (await services.groups.region(region)).rows.find(
      (row) => row.metric.id === "ae_4hr_all",
    )!;
    expect(r!.metrics[0]!.spc).toEqual(regionRow.spc);
    expect(r!.metrics[0]!.latest).toEqual({
      period: regionRow.latest.periodStart,
      value: regionRow.latest.value,
    });
    // A group's chart is judged against the target in force at its latest period, as an
    // organisation's is: the table's target and the chart's assurance never disagree.
    const inForce = r!.metrics[0]!.target;
    expect(inForce).not.toBeNull();
    expect(regionRow.spc!.options.target).toBe(inForce!.value);
    expect(regionRow.spc!.summary.assuranceIcon).not.toBeNull();
    const [p] = await reports.sections(as("lead"), proposal(), {
      sections: [{ title: "Measures", metricIds: ["ae_4hr_all"] }],
    });
    expect(p!.metrics.map((m) => m.metric.id)).toEqual(["ae_4hr_all"]);
    expect(p!.metrics[0]!.seriesLabel).toBe(
      "the proposal's 3 participating organisations combined",
    );
    await expect(
      reports.sections(as("stranger"), proposal(), {
        sections: [{ title: "M", metricIds: ["ae_4hr_all"] }],
      }),
    ).rejects.toThrow(NotFoundError);
  });
});
