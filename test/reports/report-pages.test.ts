/**
 * Integrated performance reports on the pages, over a real database and the real app: the list,
 * the report and its files for everyone; commentary saved by the organisation's analyst through
 * the form (CSRF, POST-redirect-GET), shown to its members and hidden from readers who are not
 * signed in and from another organisation's people, on the page and in the files; a definition
 * saved, changed and deleted through its forms; bad input refused with a clear message and
 * nothing changed.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { pdfPages } from "../support/pdf-text.js";
import { appWithSessions, signedInPerson } from "../support/signed-in-app.js";
import { asPeople, csrfOf } from "../support/web-client.js";

const ORG = "ZZ001";
const OTHER = "ZZ002";
const METRIC = "ae_4hr_all";
const BASE = `/org/${ORG}/reports`;
const REPORT = `${BASE}/topic-uec`;
const COMMENTARY = `${REPORT}/commentary/${METRIC}`;
const TEXT = "Streaming at the front door began in May <b>bold</b>.";

type Who = "analyst" | "member" | "outsider";

describe("report pages", () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const cookies = new Map<Who, string>();

  beforeAll(async () => {
    t = await demoDatabase({ orgs: 4, months: 36, seed: 5 });
    app = await appWithSessions(t);
    await app.ready();
    const store = createAccountStore(t.db);
    const people: [Who, Grant[]][] = [
      [
        "analyst",
        [{ role: "organisation_analyst", scope: { kind: "organisation", orgCode: ORG } }],
      ],
      ["member", [{ role: "organisation_member", scope: { kind: "organisation", orgCode: ORG } }]],
      [
        "outsider",
        [{ role: "organisation_analyst", scope: { kind: "organisation", orgCode: OTHER } }],
      ],
    ];
    for (const [who, grants] of people) {
      const { cookie } = await signedInPerson(
        store,
        { email: `${who}@example.nhs.uk`, displayName: `Dr ${who}` },
        grants,
      );
      cookies.set(who, cookie);
    }
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const { get, post } = asPeople(() => app, cookies);

  /** Posts a form whose fields repeat (the definition form's metric checkboxes). */
  async function postPairs(url: string, pairs: [string, string][], who: Who, from = url) {
    const page = await get(from, who);
    expect(page.statusCode, `GET ${from}`).toBe(200);
    return app.inject({
      method: "POST",
      url,
      headers: { cookie: cookies.get(who)!, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams([["_csrf", csrfOf(page.body)], ...pairs]).toString(),
    });
  }

  it("lists the ready-made reports for everyone, and offers creating one to editors only", async () => {
    const anonymous = await get(BASE);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).toContain(`href="${REPORT}"`);
    expect(anonymous.body).not.toContain("Create a report");
    expect((await get(BASE, "member")).body).not.toContain(`href="${BASE}/new"`);
    expect((await get(BASE, "analyst")).body).toContain(`href="${BASE}/new"`);
    expect((await get("/org/ZZ999/reports")).statusCode).toBe(404);
    expect((await get(`${BASE}/no-such-report`)).statusCode).toBe(404);
    expect((await get(`${BASE}/Bad.Key`)).statusCode).toBe(400);
  });

  it("shows the report: summary table, icons, charts, downloads; no JavaScript needed", async () => {
    const page = await get(REPORT);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("A&amp;E 4-hour performance");
    expect(page.body).toContain("Lower limit");
    expect(page.body).toContain('class="app-mdc-icon');
    expect(page.body).toContain(`id="metric-${METRIC}"`);
    expect(page.body).toContain(`href="${REPORT}.pdf"`);
    expect(page.body).toContain(`href="${REPORT}/downloads/spc-${METRIC}.csv"`);
    expect(page.body).toContain(`href="${REPORT}/downloads/spc-${METRIC}.png"`);
    expect(page.body).not.toContain("Edit commentary");
    const csv = await get(`${REPORT}.csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\r\n")[0]).toMatch(/^"?# Source: /);
    expect(csv.body.split("\r\n")[4]).toMatch(/^section,metric_id,metric,period,value,unit,target/);
    const chart = await get(`${REPORT}/downloads/spc-${METRIC}.csv`);
    expect(chart.statusCode).toBe(200);
    expect(chart.body).toContain("# Data version: ");
    expect((await get(`${REPORT}/downloads/spc-${METRIC}.svg`)).body).toMatch(/<svg/);
    const xlsx = await get(`${REPORT}.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-disposition"]).toBe(
      `attachment; filename="${ORG}-topic-uec.xlsx"`,
    );
  });

  it("lets the analyst save commentary (with the form's token), shown to members only", async () => {
    const report = await get(REPORT, "analyst");
    expect(report.body).toContain(`href="${COMMENTARY}"`);
    // Members read commentary but may not write it; readers who are not signed in are asked to.
    expect((await get(COMMENTARY, "member")).statusCode).toBe(403);
    const anonymous = await get(COMMENTARY);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
    const form = await get(COMMENTARY, "analyst");
    expect(form.statusCode).toBe(200);
    expect(form.headers["cache-control"]).toBe("private, no-store");
    const period = /name="period" value="([^"]+)"/.exec(form.body)![1]!;
    // Without the form's token: refused.
    const forged = await app.inject({
      method: "POST",
      url: COMMENTARY,
      headers: {
        cookie: cookies.get("analyst")!,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: new URLSearchParams({ text: TEXT, period }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    const saved = await post(COMMENTARY, { text: TEXT, period }, "analyst");
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${REPORT}#metric-${METRIC}`);

    const mine = await get(REPORT, "member");
    expect(mine.body).toContain(
      "Streaming at the front door began in May &lt;b&gt;bold&lt;/b&gt;.",
    );
    expect(mine.body).toContain("Version 1, by Dr analyst");
    expect(mine.headers["cache-control"]).toBe("private, no-store");
    for (const who of [undefined, "outsider"] as const) {
      const page = await get(REPORT, who);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain("Streaming at the front door");
      expect(page.body).not.toContain("Commentary");
      const pdf = await get(`${REPORT}.pdf`, who);
      expect((await pdfPages(pdf.rawPayload)).join(" ")).not.toContain("Streaming");
    }
    // The member's file carries it: never the one kept for readers without commentary.
    const memberPdf = await get(`${REPORT}.pdf`, "member");
    expect((await pdfPages(memberPdf.rawPayload)).join(" ").replace(/\s+/g, " ")).toContain(
      "Streaming at the front door began in May",
    );
    const history = await get(COMMENTARY, "analyst");
    expect(history.body).toContain("version 1");
  });

  it("refuses empty commentary with a clear message, and saves nothing", async () => {
    const form = await get(COMMENTARY, "analyst");
    const period = /name="period" value="([^"]+)"/.exec(form.body)![1]!;
    const refused = await post(COMMENTARY, { text: "   ", period }, "analyst");
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("<title>Error: ");
    expect(refused.body).toContain("nhsuk-error-summary");
    expect(refused.body).toContain("The commentary must not be empty");
    const stale = await post(COMMENTARY, { text: "Old news", period: "2001-01-01" }, "analyst");
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain("The data has been updated since you opened this form");
    const history = await get(COMMENTARY, "analyst");
    expect(history.body).not.toContain("version 2");
    expect(history.body).not.toContain("Old news");
  });

  it("saves, changes and deletes a definition through its forms", async () => {
    const pairs: [string, string][] = [
      ["title", "Monthly board report"],
      ["description", "For the trust board"],
      ["section-1", "Front door"],
      ["section-2", "Flow"],
      ["metric", "ae_4hr_all"],
      ["section-of-ae_4hr_all", "1"],
      ["order-of-ae_4hr_all", "2"],
      ["metric", "ae_attendances_all"],
      ["section-of-ae_attendances_all", "1"],
      ["order-of-ae_attendances_all", "1"],
      ["metric", "ae_dta_12hr_waits"],
      ["section-of-ae_dta_12hr_waits", "2"],
      ["order-of-ae_dta_12hr_waits", ""],
    ];
    const saved = await postPairs(`${BASE}/new`, pairs, "analyst");
    expect(saved.statusCode).toBe(303);
    const href = saved.headers.location as string;
    expect(href).toMatch(new RegExp(`^${BASE}/r\\d+$`));
    const page = await get(href, "member");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Monthly board report");
    // Attendances first (order 1), then 4-hour performance, in section "Front door".
    const body = page.body;
    expect(body.indexOf(`id="metric-ae_attendances_all"`)).toBeLessThan(
      body.indexOf(`id="metric-ae_4hr_all"`),
    );
    // Saved definitions are the organisation's own.
    expect((await get(href)).statusCode).toBe(404);
    expect((await get(BASE, "member")).body).toContain("Monthly board report");

    const changed = await postPairs(
      `${href}/edit`,
      pairs.map(([k, v]) => [k, k === "title" ? "Weekly flow report" : v]),
      "analyst",
    );
    expect(changed.statusCode).toBe(303);
    expect((await get(href, "member")).body).toContain("Weekly flow report");

    const confirm = await get(`${href}/delete`, "analyst");
    expect(confirm.body).toContain("Delete the report “Weekly flow report”?");
    // A member's own token (from a form they may use), but no right to delete.
    expect((await post(`${href}/delete`, {}, "member", "/networks/london-uec")).statusCode).toBe(
      403,
    );
    const deleted = await post(`${href}/delete`, {}, "analyst");
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe(BASE);
    expect((await get(href, "analyst")).statusCode).toBe(404);
  });

  it("refuses a bad definition with the NHS.UK error summary, and saves nothing", async () => {
    await get(BASE, "analyst"); // shows (and so clears) any one-time notice
    const before = (await get(BASE, "analyst")).body;
    const refused = await postPairs(
      `${BASE}/new`,
      [
        ["title", ""],
        ["section-1", "Front door"],
        ["metric", "ae_4hr_all"],
        ["section-of-ae_4hr_all", "1"],
        ["metric", "ae_attendances_all"],
        ["section-of-ae_attendances_all", "9"],
      ],
      "analyst",
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("<title>Error: ");
    expect(refused.body).toContain('href="#metric-ae_attendances_all"');
    expect(refused.body).toContain("Enter a section number from 1 to 6");
    const untitled = await postPairs(
      `${BASE}/new`,
      [
        ["title", " "],
        ["section-1", "Front door"],
        ["metric", "ae_4hr_all"],
      ],
      "analyst",
    );
    expect(untitled.statusCode).toBe(400);
    expect(untitled.body).toContain('href="#title"');
    expect(untitled.body).toContain("Title must not be empty");
    // The ticked metric stays ticked on the form shown again.
    expect(untitled.body).toMatch(/value="ae_4hr_all" checked/);
    const none = await postPairs(`${BASE}/new`, [["title", "Nothing"]], "analyst");
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain("Choose at least one metric");
    expect((await get(BASE, "analyst")).body).toBe(before);
    // Someone else's organisation: refused, whatever the form says.
    expect(
      (await postPairs(`${BASE}/new`, [["title", "X"]], "outsider", `/org/${OTHER}/reports/new`))
        .statusCode,
    ).toBe(403);
  });

  it("serves the other subjects' reports under their own pages", async () => {
    for (const base of ["/networks/london-uec/reports", "/regions/Y56/reports"]) {
      const list = await get(base);
      expect(list.statusCode, base).toBe(200);
      const first = new RegExp(`href="(${base}/[a-z0-9_-]+)"`).exec(list.body)?.[1];
      expect(first, base).toBeDefined();
      expect((await get(first!)).statusCode, first).toBe(200);
    }
    expect((await get("/proposals/999999/reports")).statusCode).toBe(404);
  });
});
