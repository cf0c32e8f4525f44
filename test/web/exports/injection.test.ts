/**
 * Formula injection across every export (docs/exports.md, decision 0019): a hostile file imported
 * through the real import pipeline (an ODS organisation list whose names begin with `=`, `+`, `-`,
 * `@`, a tab, a carriage return or spaces before `=`, and a tidy file of their values, true
 * negative numbers among them), then every CSV and XLSX download the app serves requested: each
 * route whose path ends in `.csv` or `.xlsx` (from `app.routeList()`, so a new download route
 * without a sample path here fails the test) and each API list offered as CSV (from the OpenAPI
 * document). No cell may begin with a formula character unless it is a plain number, and no
 * workbook cell may hold a formula. Private downloads are requested as a national administrator.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guideFixture } from "../../support/guide-fixture.js";
import { readMatrixFolder } from "../../../src/assessments/matrix-folder.js";
import { grantOf } from "../../../src/accounts/roles.js";
import type { UserRecord } from "../../../src/accounts/store.js";
import { importFile } from "../../../src/ingest/import-file.js";
import { createAccountStore } from "../../../src/storage/accounts-store.js";
import { seedReference } from "../../../src/storage/reference.js";
import { parseCsv, withoutProvenance } from "../../support/csv-line.js";
import { testDatabase, type TestDatabase } from "../../support/db.js";
import { appWithSessions, signedInPerson } from "../../support/signed-in-app.js";
import { composeServices } from "../../../src/web/compose.js";

/** Names a spreadsheet would run as formulas, each an organisation's name in the imported list. */
const HOSTILE_NAMES = [
  "=HYPERLINK(1) Trust",
  "+SUM(1) Trust",
  "-2+3 Trust",
  "@SUM(A1) Trust",
  "\t=1+1 Trust",
  "\r=1+1 Trust",
  "  =1+1 Trust",
];
/** A round's evidence, text typed into the hub. */
const HOSTILE_EVIDENCE = ["=HYPERLINK(6) evidence", "-2+3 evidence"];
const CODES = HOSTILE_NAMES.map((_, i) => `ZZI0${i + 1}`);
const MATRIX = "test-flow-maturity";

/** An ODS `etr` row (as test/ingest/reference-data.test.ts writes them): code and name in London, QMF. */
const odsRow = (code: string, name: string) =>
  `"${code}","${name}","Y56","QMF","1 HIGH STREET","","","LONDON","","E1 1AA","20000401","","","","","","","","","","","1","","A","","",""\n`;

/** Each download route's sample paths: every route ending in .csv or .xlsx needs one. */
const SAMPLES: Record<string, string[]> = {
  "/downloads/:item.csv": ["/downloads/latest-periods.csv"],
  "/data/downloads/:item.csv": ["/data/downloads/sources.csv", "/data/downloads/imports.csv"],
  "/org/:code/board.csv": [`/org/${CODES[0]}/board.csv`],
  "/org/:code/board.xlsx": [`/org/${CODES[0]}/board.xlsx`],
  "/org/:code/metric/:metricId.csv": [`/org/${CODES[0]}/metric/ae_4hr_all.csv`],
  "/org/:code/metric/:metricId/:chart.csv": ["spc", "benchmark", "funnel"].map(
    (c) => `/org/${CODES[0]}/metric/ae_4hr_all/${c}.csv`,
  ),
  "/org/:code/metric/:metricId/downloads/:item.csv": [
    `/org/${CODES[0]}/metric/ae_4hr_all/downloads/comparisons.csv`,
  ],
  "/org/:code/peers/downloads/:item.csv": ["features", "peers", "distances"].map(
    (t) => `/org/${CODES[0]}/peers/downloads/${t}.csv`,
  ),
  "/metric/:metricId.csv": ["/metric/ae_4hr_all.csv"],
  "/metric/:metricId/downloads/:item.csv": ["england-spc", "regions", "networks", "improvers"].map(
    (t) => `/metric/ae_4hr_all/downloads/${t}.csv`,
  ),
  "/compare/downloads/:item.csv": ["latest", "compare"].map(
    (t) => `/compare/downloads/${t}.csv?orgs=${CODES.join(",")}&metric=ae_4hr_all`,
  ),
  "/group/:group/downloads/:item.csv": ["dashboard", "members"].map(
    (t) => `/group/network:london-uec/downloads/${t}.csv`,
  ),
  "/regions/:code/downloads/:item.csv": ["dashboard", "members", "group-ae_4hr_all"].map(
    (t) => `/regions/Y56/downloads/${t}.csv?metric=ae_4hr_all`,
  ),
  "/icbs/:code/downloads/:item.csv": ["dashboard", "members", "group-ae_4hr_all"].map(
    (t) => `/icbs/QMF/downloads/${t}.csv?metric=ae_4hr_all`,
  ),
  "/assessments/:matrixId.csv": [`/assessments/${MATRIX}.csv?org=${CODES[0]}`],
  "/assessments/:matrixId/downloads/:item.csv": [
    `/assessments/${MATRIX}/downloads/rounds.csv?org=${CODES[0]}`,
  ],
  "/networks/:networkId/assessments/:matrixId/downloads/:item.csv": [
    `/networks/london-uec/assessments/${MATRIX}/downloads/levels.csv`,
  ],
  // An integrated performance report of each kind of subject, each file and a chart's data.
  ...reportSamples("/org/:code", `/org/${CODES[0]}`, "topic-uec"),
  ...reportSamples("/networks/:networkId", "/networks/london-uec", "topic-uec"),
  ...reportSamples("/regions/:code", "/regions/Y56", "topic-uec"),
  // Filled in beforeAll, once the round, the proposal and the post exist.
  "/assessments/:matrixId/rounds/:roundId/downloads/:item.csv": [],
  "/proposals/:proposalId/evaluation/downloads/:item.csv": [],
  "/learning/:postId/downloads/:item.csv": [],
  "/admin/audit.csv": ["/admin/audit.csv"],
  "/guides/triage.csv": ["/guides/triage.csv"],
};

/** A report's CSV and XLSX, and its A&E 4-hour chart's data, for a subject's route and path. */
function reportSamples(
  pattern: string,
  subjectPath: string,
  key: string,
): Record<string, string[]> {
  const report = `${subjectPath}/reports/${key}`;
  return {
    [`${pattern}/reports/:key.csv`]: [`${report}.csv`],
    [`${pattern}/reports/:key.xlsx`]: [`${report}.xlsx`],
    [`${pattern}/reports/:key/downloads/:item.csv`]: [`${report}/downloads/spc-ae_4hr_all.csv`],
  };
}

/** Query strings the API's CSV lists need (the rest need none). */
const API_QUERIES: Record<string, string> = {
  "/values": `orgCode=${CODES[0]}&metricId=ae_4hr_all`,
};
/** The API's path parameters; the post's and the proposal's ids are filled in beforeAll. */
const API_PATH_SAMPLES: Record<string, string> = {
  orgCode: CODES[0]!,
  metricId: "ae_4hr_all",
  slug: guideFixture().guideId,
};

/** A plain decimal number, as the writer's guard reads one (src/metrics/csv.ts). */
const PLAIN_NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;
const runsAsFormula = (text: string) => FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);

describe("formula injection in every CSV and XLSX export", () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let dir = "";
  let cookie = "";
  let adminUser: UserRecord | undefined;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-injection-"));
    // The hostile organisation list, through the real import (format detection, parsing, checks).
    const ods = path.join(dir, "etr.csv");
    await fs.writeFile(ods, CODES.map((c, i) => odsRow(c, HOSTILE_NAMES[i]!)).join(""));
    await importFile(t, ods);
    // Two years of their A&E 4-hour values, and a variance to financial plan each, negative for
    // three of them (true numbers: -3.75, -2.5, -1.25).
    const lines = ["org_code,metric_id,period_start,period_type,numerator,denominator,value"];
    CODES.forEach((code, i) => {
      for (let m = 0; m < 24; m++) {
        const month = `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}-01`;
        const den = 1000 + 100 * i;
        const num = Math.round(den * (0.6 + 0.04 * i + 0.01 * ((m * 7 + i) % 5)));
        lines.push(`${code},ae_4hr_all,${month},month,${num},${den},`);
      }
      lines.push(`${code},nof_of0081,2025-04-01,quarter,,,${(i - 3) * 1.25}`);
    });
    // The file's own name is hostile too: the data page lists it among the imports.
    const tidy = path.join(dir, "=HYPERLINK(5) values.csv");
    await fs.writeFile(tidy, lines.join("\n") + "\n");
    await importFile(t, tidy);
    app = await appWithSessions(t, {
      matrices: readMatrixFolder(path.join(import.meta.dirname, "../../assessments/fixtures/good")),
    });
    await app.ready();
    const store = createAccountStore(t.db);
    ({ cookie, user: adminUser } = await signedInPerson(
      store,
      { email: "=admin@example.nhs.uk", displayName: "=HYPERLINK(2)" },
      [grantOf("national_admin", "")],
    ));
    const adminGrants = [grantOf("national_admin", "")];
    const admin = {
      kind: "user" as const,
      userId: adminUser!.userId,
      email: "=admin@example.nhs.uk",
      displayName: "=HYPERLINK(2)",
      grants: adminGrants,
    };
    const leadGrants = [
      grantOf("network_lead", "london-uec"),
      grantOf("organisation_member", CODES[0]!),
    ];
    const leadUser = (
      await signedInPerson(
        store,
        { email: "lead@example.nhs.uk", displayName: "+Lead" },
        leadGrants,
      )
    ).user;
    const lead = {
      kind: "user" as const,
      userId: leadUser.userId,
      email: "lead@example.nhs.uk",
      displayName: "+Lead",
      grants: leadGrants,
    };
    // A submitted self-assessment round of the first trust, its evidence hostile, shared with
    // london-uec (whose footprint, London, made the imported trusts its members).
    const servicesForRounds = composeServices({
      db: t.db,
      pool: t.pool,
      matrices: readMatrixFolder(path.join(import.meta.dirname, "../../assessments/fixtures/good")),
    });
    const round = await servicesForRounds.assessments.startRound(lead, CODES[0]!, MATRIX, false);
    await servicesForRounds.assessments.submit(lead, round.roundId, {
      assessedOn: "2024-03-01",
      answers: Object.fromEntries(
        servicesForRounds.assessments
          .matrix(MATRIX)
          .rows.map((row, i) => [row.id, { score: "2", evidence: `${HOSTILE_EVIDENCE[i % 2]}` }]),
      ),
    });
    await servicesForRounds.assessments.setVisibility(lead, round.roundId, "shared");
    SAMPLES["/assessments/:matrixId/rounds/:roundId/downloads/:item.csv"] = [
      `/assessments/${MATRIX}/rounds/${round.roundId}/downloads/answers.csv`,
    ];
    // An approved proposal of network london-uec, the hostile trusts its participants and
    // comparators, and a published learning post on one of them with A&E 4-hour as its measure.
    const services = composeServices({ db: t.db, pool: t.pool });
    const proposalId = await services.proposals.create(lead, "london-uec", {
      title: "=HYPERLINK(3) proposal",
      aim: "An aim.",
      approach: "",
      changeIdeas: [],
      participants: CODES.slice(0, 4).join(" "),
      comparators: CODES.slice(4).join(" "),
      primaryMetricId: "ae_4hr_all",
      balancingMetricIds: [],
      baselineStart: "2023-01",
      baselineEnd: "2023-12",
      plannedStart: "2024-01",
      followUpEnd: "2024-12",
      expectedEffect: "3",
      expectedDirection: "increase",
      timeline: "",
      resources: "",
    });
    await services.proposals.transition(lead, proposalId, "submit", "");
    for (const step of ["start_review", "approve"])
      await services.proposals.transition(admin, proposalId, step, "");
    SAMPLES["/proposals/:proposalId/evaluation/downloads/:item.csv"] = [
      "verdicts",
      "group-ae_4hr_all",
      "participant-1",
    ].map((item) => `/proposals/${proposalId}/evaluation/downloads/${item}.csv`);
    Object.assign(
      SAMPLES,
      reportSamples("/proposals/:proposalId", `/proposals/${proposalId}`, "proposal-measures"),
    );
    const post = await services.learning.create(lead, "london-uec", {
      kind: "what_worked",
      title: "=HYPERLINK(4) post",
      body: "What we did.",
      orgCode: CODES[0]!,
      changeDate: "2024-01-01",
      ideas: [],
      metricIds: ["ae_4hr_all"],
      careSetting: "",
      visibility: "public",
    });
    await services.learning.publish(lead, post.postId);
    await services.guides.publish({ kind: "operator", label: "test" }, guideFixture());
    API_PATH_SAMPLES.postId = String(post.postId);
    API_PATH_SAMPLES.proposalId = String(proposalId);
    SAMPLES["/learning/:postId/downloads/:item.csv"] = ["evidence", "evidence-1"].map(
      (item) => `/learning/${post.postId}/downloads/${item}.csv`,
    );
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  /** The download routes the app registers: GET routes whose path ends in .csv or .xlsx. */
  const downloadRoutes = () => [
    ...new Set(
      app
        .routeList()
        .filter((r) => r.method === "GET" && /\.(csv|xlsx)$/.test(r.url))
        .map((r) => r.url),
    ),
  ];

  it("has sample paths for every download route the app registers", () => {
    const routes = downloadRoutes();
    expect(routes.filter((r) => !SAMPLES[r])).toEqual([]);
    expect(Object.keys(SAMPLES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it("writes no cell a spreadsheet would run, in any CSV the pages serve", async () => {
    const guarded: string[] = [];
    const negatives: string[] = [];
    for (const route of downloadRoutes().filter((r) => r.endsWith(".csv"))) {
      for (const url of SAMPLES[route] ?? []) {
        const res = await app.inject({ url, headers: { cookie } });
        expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
        expect(res.headers["content-type"], url).toBe("text/csv; charset=utf-8");
        // Every page download starts with the provenance block; then the table.
        const cells = parseCsv(withoutProvenance(res.body)).flat();
        expect(cells.filter(runsAsFormula), url).toEqual([]);
        guarded.push(...cells.filter((c) => /^'[=+\-@\t\r\s]/.test(c)));
        negatives.push(...cells.filter((c) => /^-\d/.test(c)));
        // A true number is never marked as text.
        expect(
          cells.filter((c) => /^'\s*[-+]?\d+(\.\d+)?\s*$/.test(c)),
          url,
        ).toEqual([]);
      }
    }
    // The hostile names reached the downloads, neutralised (the test is not vacuous). The import
    // trims a name's leading tab, carriage return and spaces, so those three arrive as "=1+1 Trust".
    for (const name of HOSTILE_NAMES) expect(guarded).toContain(`'${name.trim()}`);
    expect(guarded).toContain("'=HYPERLINK(5) values.csv");
    for (const evidence of HOSTILE_EVIDENCE) expect(guarded).toContain(`'${evidence}`);
    // The negative values imported are written as numbers.
    expect(negatives).toContain("-3.75");
  });

  it("writes every API list offered as CSV with no cell a spreadsheet would run", async () => {
    const spec = JSON.parse((await app.inject("/api/v1/openapi.json")).body) as {
      paths: Record<
        string,
        {
          get?: {
            parameters?: { name: string }[];
            responses: Record<string, { content?: object }>;
          };
        }
      >;
    };
    const lists = Object.entries(spec.paths)
      .filter(
        ([, p]) =>
          p.get?.responses["200"]?.content && "text/csv" in p.get.responses["200"].content!,
      )
      .map(([p]) => p);
    expect(lists.length).toBeGreaterThan(3);
    let hostile = 0;
    for (const list of lists) {
      const query = API_QUERIES[list] ? `${API_QUERIES[list]}&` : "";
      const paged = spec.paths[list]!.get!.parameters?.some((p) => p.name === "limit") ?? false;
      const filled = list.replace(/\{(\w+)\}/g, (_, name: string) => API_PATH_SAMPLES[name]!);
      const url = `/api/v1${filled}?${query}format=csv${paged ? "&limit=1000" : ""}`;
      const res = await app.inject(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
      expect(res.headers["x-data-version"], url).toBeTruthy();
      // A plain table for programs: no provenance block (decision 0019).
      const cells = parseCsv(res.body).flat();
      expect(cells.filter(runsAsFormula), url).toEqual([]);
      hostile += cells.filter((c) => HOSTILE_NAMES.some((n) => c === `'${n.trim()}`)).length;
    }
    expect(hostile).toBeGreaterThan(0);
  });

  it("writes no formula and no runnable text in any workbook", async () => {
    for (const route of downloadRoutes().filter((r) => r.endsWith(".xlsx"))) {
      for (const url of SAMPLES[route] ?? []) {
        const res = await app.inject({ url, headers: { cookie } });
        expect(res.statusCode, url).toBe(200);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        let cells = 0;
        book.eachSheet((sheet) =>
          sheet.eachRow((row) =>
            row.eachCell((cell) => {
              cells++;
              expect(cell.type, `${url} ${sheet.name}!${cell.address}`).not.toBe(
                ExcelJS.ValueType.Formula,
              );
              if (typeof cell.value === "string")
                expect(runsAsFormula(cell.value), `${url} ${cell.address}: ${cell.value}`).toBe(
                  false,
                );
            }),
          ),
        );
        expect(cells).toBeGreaterThan(10);
      }
    }
  });
});
