/**
 * Rebase decisions on the pages (issue 17 item 6), over a real database and the real app: an
 * analyst records one through the form (POST-redirect-GET), a member is refused, the metric
 * page's chart labels the break (the name for the organisation's people only), its CSV notes
 * it, and a withdrawal needs a reason and keeps the history.
 */
import { appWithSessions } from "../support/signed-in-app.js";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountStore } from "../../src/accounts/store.js";
import type { Grant } from "../../src/accounts/roles.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";

import { demoDatabase, type TestDatabase } from "../support/db.js";
import { sessionCookieFor } from "../support/sessions.js";
import { asPeople } from "../support/web-client.js";
import { withoutProvenance } from "../support/csv-line.js";

const ORG = "ZZ001";
const METRIC = "ae_4hr_all";
const REASON = "Same-day emergency care unit opened <b>";

describe("rebase decision pages", () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let store: AccountStore;
  const cookies = new Map<string, string>();
  let period = "";

  beforeAll(async () => {
    t = await demoDatabase({ orgs: 4, months: 36, seed: 5 });
    store = createAccountStore(t.db);
    app = await appWithSessions(t);
    await app.ready();
    const people: [string, Grant[]][] = [
      [
        "analyst",
        [{ role: "organisation_analyst", scope: { kind: "organisation", orgCode: ORG } }],
      ],
      ["member", [{ role: "organisation_member", scope: { kind: "organisation", orgCode: ORG } }]],
    ];
    for (const [name, grants] of people) {
      const user = await store.createUser({
        email: `${name}@example.nhs.uk`,
        displayName: `Dr ${name}`,
      });
      for (const g of grants) await store.addGrant(user.userId, g, null);
      cookies.set(name, await sessionCookieFor(store, user.userId));
    }
    const rows = await t.db
      .selectFrom("metric_values")
      .select("period_start")
      .where("org_code", "=", ORG)
      .where("metric_id", "=", METRIC)
      .orderBy("period_start")
      .execute();
    period = rows[20]!.period_start;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const { get, post } = asPeople(() => app, cookies);
  const formUrl = `/org/${ORG}/metric/${METRIC}/rebase`;
  const listUrl = `/org/${ORG}/rebases`;
  const metricUrl = `/org/${ORG}/metric/${METRIC}`;
  /** The engine and the page cache see a new data version at most once a second. */
  const settle = () => new Promise((r) => setTimeout(r, 1100));

  it("offers the form to analysts only, and records nothing without a reason", async () => {
    expect((await get(formUrl, "member")).statusCode).toBe(403);
    const anonymous = await get(formUrl);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
    const form = await get(`${formUrl}?at=${period}`, "analyst");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`<option value="${period}" selected`);
    const refused = await post(formUrl, { period, reason: " " }, "analyst", formUrl);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("Enter the reason");
    const none = await t.db.selectFrom("rebase_decisions").selectAll().execute();
    expect(none).toEqual([]);
  });

  it("records an analyst's decision and labels the chart, its table and CSV", async () => {
    const before = await get(metricUrl, "analyst");
    expect(before.body).toContain("Record a rebase decision for this metric");
    expect((await get(metricUrl)).body).not.toContain("Record a rebase decision");
    const done = await post(formUrl, { period, reason: REASON }, "analyst", formUrl);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(listUrl);
    await settle();
    const mine = await get(metricUrl, "member");
    expect(mine.body).toContain("recorded by Dr analyst on");
    // Plain text, escaped wherever it is shown.
    expect(mine.body).not.toContain("<b>");
    expect(mine.body).toContain("Same-day emergency care unit opened &lt;b&gt;");
    const theirs = await get(metricUrl);
    expect(theirs.body).toContain("Same-day emergency care unit opened &lt;b&gt; (recorded on ");
    expect(theirs.body).not.toContain("Dr analyst");
    const csv = await get(`${metricUrl}.csv`);
    const row = csv.body.split("\r\n").find((l) => l.startsWith(period))!;
    expect(row).toContain("Same-day emergency care unit opened <b>");
    expect(row).not.toContain("Dr analyst");
    // Phases: the CSV's group column starts a new phase at the decision.
    const header = csv.body.split("\r\n")[0]!.split(",");
    const group = (line: string) => Number(line.split(",")[header.indexOf("group")]);
    const lines = csv.body.split("\r\n").slice(1).filter(Boolean);
    const at = lines.findIndex((l) => l.startsWith(period));
    expect(group(lines[at]!)).toBe(group(lines[at - 1]!) + 1);
  });

  it("downloads carry the breaks as the page does: reasons for all, the name for its own people", async () => {
    // The table under the download's provenance block (decision 0019), where it has one.
    const rowsOf = (body: string) =>
      (/^"?#/.test(body) ? withoutProvenance(body) : body).split("\r\n").filter(Boolean);
    const column = (body: string, name: string) => {
      const [head, ...rows] = rowsOf(body);
      const at = head!.split(",").indexOf(name);
      expect(at, name).toBeGreaterThan(0);
      // The reason has no comma: the column is the at-th field counted from the end.
      const fromEnd = head!.split(",").length - at;
      return rows.map((r) => {
        const fields = r.split(",");
        return fields[fields.length - fromEnd]!;
      });
    };
    for (const url of [`${metricUrl}.csv`, `${metricUrl}/spc.csv`]) {
      const publicCsv = (await get(url)).body;
      // Every row names its phase: where its limits start and why (empty for the first phase).
      const starts = column(publicCsv, "phase_start");
      const reasons = column(publicCsv, "phase_reason");
      const at = rowsOf(publicCsv)
        .slice(1)
        .findIndex((l) => l.startsWith(period));
      expect(starts[at - 1]).not.toBe(period);
      expect(reasons[at - 1]).toBe("");
      expect(new Set(starts.slice(at))).toEqual(new Set([period]));
      for (const r of reasons.slice(at)) expect(r).toMatch(/^New limits from .*: Same-day/);
      expect(publicCsv).not.toContain("Dr analyst");
      const theirs = (await get(url, "analyst")).body;
      expect(column(theirs, "phase_reason").at(-1)).toContain("recorded by Dr analyst on");
    }
    // The SVG: the numbered line, and the labels written under the plot, numbered the same.
    const publicSvg = (await get(`${metricUrl}/spc.svg`)).body;
    const notes = /<g class="app-chart__break-notes">(.*?)<\/g>/s.exec(publicSvg)?.[1] ?? "";
    expect(notes).toContain("Where the limits start again");
    expect(notes).toContain(">1.</text>");
    expect(notes.replace(/<[^>]+>/g, " ")).toContain(
      "Same-day emergency care unit opened &lt;b&gt;",
    );
    expect(publicSvg).not.toContain("<b>");
    expect(publicSvg).not.toContain("Dr analyst");
    const height = Number(/<svg[^>]* height="(\d+(?:\.\d+)?)"/.exec(publicSvg)?.[1]);
    expect(height).toBeGreaterThan(340);
    const analystSvg = (await get(`${metricUrl}/spc.svg`, "analyst")).body;
    expect(analystSvg.replace(/<[^>]+>/g, " ")).toMatch(/recorded\s+by\s+Dr\s+analyst/);
  });

  it("audits a refused attempt to record or withdraw as denied", async () => {
    const denied = (action: string) =>
      t.db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", action)
        .where("outcome", "=", "denied")
        .execute();
    expect(await denied("rebase.record")).toEqual([]);
    const refused = await post(formUrl, { period, reason: "Tried" }, "member", "/account/name");
    expect(refused.statusCode).toBe(403);
    const [row] = await denied("rebase.record");
    expect(row).toMatchObject({ actor_label: "member@example.nhs.uk", org_code: ORG });
    expect(row!.details).toMatchObject({ metricId: METRIC, period });
  });

  it("offers no form for a category metric, and refuses a decision naming the metric", async () => {
    const category = "nof_of5000";
    const url = `/org/${ORG}/metric/${category}/rebase`;
    const form = await get(url, "analyst");
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain(`(${category}) is a segment NHS England assigns`);
    expect(form.body).not.toContain('name="reason"');
    // Posted anyway (with the token of another page): refused, nothing recorded.
    const before = await t.db.selectFrom("rebase_decisions").selectAll().execute();
    const posted = await post(url, { period, reason: "Tried" }, "analyst", formUrl);
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain("no rebase decision can be recorded for it");
    expect(await t.db.selectFrom("rebase_decisions").selectAll().execute()).toEqual(before);
    // Its metric page (a segment for four quarters) offers the analyst no link to the form.
    const { source } = await t.db
      .selectFrom("metric_values")
      .select("source")
      .where("org_code", "=", ORG)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("metric_values")
      .values(
        ["2024-04-01", "2024-07-01", "2024-10-01", "2025-01-01"].map((p, i) => ({
          org_code: ORG,
          metric_id: category,
          period_type: "quarter",
          period_start: p,
          source,
          numerator: null,
          denominator: null,
          value: 1 + (i % 2),
          import_id: null,
        })),
      )
      .execute();
    await settle();
    const page = await get(`/org/${ORG}/metric/${category}`, "analyst");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Segment");
    expect(page.body).not.toContain("Record a rebase decision");
    expect(page.body).not.toContain(`/metric/${category}/rebase`);
  });

  it("withdraws with a reason, keeping the history", async () => {
    const id = (
      await t.db.selectFrom("rebase_decisions").select("decision_id").executeTakeFirstOrThrow()
    ).decision_id;
    const url = `${listUrl}/${id}/withdraw`;
    const refused = await post(url, { reason: "" }, "analyst", listUrl);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`id="reason-${id}"`);
    expect((await post(url, { reason: "Wrong" }, "member", "/account/name")).statusCode).toBe(403);
    const denied = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "rebase.withdraw")
      .where("outcome", "=", "denied")
      .execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      actor_label: "member@example.nhs.uk",
      target_ref: String(id),
    });
    const done = await post(
      url,
      { reason: "Recorded against the wrong month" },
      "analyst",
      listUrl,
    );
    expect(done.statusCode).toBe(303);
    const list = await get(listUrl);
    expect(list.body).toContain("Withdrawn decisions (1)");
    expect(list.body).toContain("Recorded against the wrong month");
    expect(list.body).not.toContain("Dr analyst");
    expect((await get(listUrl, "member")).body).toContain("Dr analyst");
    await settle();
    expect((await get(metricUrl)).body).not.toContain("(recorded on ");
  });
});
