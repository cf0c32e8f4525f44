/**
 * The pages on the real shared NHS data, loaded by the first-start path a newcomer takes
 * (`npm start` beside the shared data folder), as a trust's improvement lead would use them:
 * find the trust, see its latest 4-hour performance (checked against a sum computed here from
 * the raw CSV), whether it is improving (the icon's words), how it compares, download the data,
 * and see a network's dashboard with its member trusts.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { UserActor } from "../../src/accounts/actor.js";
import type { Grant } from "../../src/accounts/roles.js";
import { loadFirstStartData } from "../../src/ingest/first-start.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { composeServices } from "../../src/web/compose.js";
import type { TestDatabase } from "../support/db.js";
import { splitLine } from "../support/csv-line.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";
import type { BrowserDocument } from "./dom.js";
import { expectLegibleCharts } from "./chart-text.js";
import { browserSuite } from "./harness.js";
import { a4, a4Pages, printProblems } from "./print.js";
import { withoutProvenance } from "../support/csv-line.js";

declare const document: BrowserDocument;

const TRUST = "RJ1"; // Guy's and St Thomas' NHS Foundation Trust

/**
 * Proposal 1: three London trusts test direct access to SDEC, five other London trusts
 * compare, with two years of baseline; drafted and started by the network's lead, approved by
 * a reviewer, through the proposal service as the pages do.
 */
async function runningProposal(db: TestDatabase): Promise<void> {
  const services = composeServices({ db: db.db, pool: db.pool });
  const accounts = createAccountStore(db.db);
  const person = async (email: string, grant: Grant): Promise<UserActor> => {
    const user = await accounts.createUser({ email, displayName: email });
    await accounts.addGrant(user.userId, grant, null);
    return { kind: "user", userId: user.userId, email, displayName: email, grants: [grant] };
  };
  const lead = await person("lead@example.nhs.uk", {
    role: "network_lead",
    scope: { kind: "network", networkId: "london-uec" },
  });
  const reviewer = await person("reviewer@example.nhs.uk", {
    role: "proposal_reviewer",
    scope: { kind: "national" },
  });
  const id = await services.proposals.create(lead, "london-uec", {
    title: "Direct access to SDEC from ambulance crews",
    aim: "More patients seen within 4 hours.",
    approach: "",
    participants: "R1H RF4 RJZ",
    comparators: "RJ1 RAL RAP RQM RKE",
    primaryMetricId: "ae_4hr_all",
    baselineStart: "2023-04",
    baselineEnd: "2025-03",
    plannedStart: "2025-04",
    followUpEnd: "2026-03",
    expectedEffect: "3",
    expectedDirection: "increase",
    timeline: "",
    resources: "",
  });
  await services.proposals.transition(lead, id, "submit", "");
  await services.proposals.transition(reviewer, id, "start_review", "");
  await services.proposals.transition(reviewer, id, "approve", "");
  await services.proposals.transition(lead, id, "start", "");
}

/** Latest month of the trust in the cleaned 2021–25 A&E file, and its 4-hour performance. */
function expectedLatest(): { period: string; percent: number } {
  const lines = fs
    .readFileSync(
      path.join(sharedDataDir, "derived", "ae_trust_monthly_2021_2025_clean.csv"),
      "utf8",
    )
    .trim()
    .split("\n");
  const header = lines[0]!.split(",");
  const col = (name: string) => header.indexOf(name);
  let best: { period: string; percent: number } | undefined;
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    if (cells[col("org_code")] !== TRUST) continue;
    const attendances = Number(cells[col("attendances_all_types")]);
    const over = Number(cells[col("attendances_over_4h")]);
    const period = cells[col("period")]!;
    if (
      !Number.isFinite(attendances) ||
      attendances === 0 ||
      cells[col("attendances_over_4h")] === ""
    )
      continue;
    if (!best || period > best.period)
      best = { period, percent: ((attendances - over) / attendances) * 100 };
  }
  if (!best) throw new Error("no RJ1 rows");
  return best;
}

const missing = sharedDataMissing();
if (missing) {
  describe.skip(`real data pages (${missing})`, () => it("needs the shared data", () => undefined));
} else {
  browserSuite(
    "real data pages",
    ({ pageTest, test }) => {
      // Chart text at NHS.UK's smallest body size on a phone and on a desktop, nothing
      // overlapping or off the chart (decision 0011): RDE's target sat on its latest points. The
      // line chart spans the 2019–21 A&E gap; the region and England pages draw SPC charts.
      for (const [name, url, charts] of [
        ["RDE 4-hour metric", "/org/RDE/metric/ae_4hr_all", 3],
        ["England 4-hour metric", "/metric/ae_4hr_all", 1],
        ["East of England region", "/regions/Y61", 1],
        ["comparison of three trusts", "/compare?orgs=RDE,RGN,RF4&metric=ae_4hr_all", 1],
      ] as const) {
        for (const width of [320, 1280]) {
          pageTest(
            `charts legible at ${width} px: ${name}`,
            url,
            async (page) => {
              await expectLegibleCharts(page, 14, charts);
              if (width === 320)
                expect(
                  await page.evaluate("document.documentElement.scrollWidth"),
                ).toBeLessThanOrEqual(320);
            },
            { viewport: { width, height: 900 } },
          );
        }
      }

      test("a new user finds their trust from the home page and sees 4-hour performance", async (h) => {
        const { page, problems, close } = await h.open("/");
        try {
          await page
            .getByLabel("Search organisations, guides, metrics, learning and proposals")
            .fill("guys and st thomas");
          await page.keyboard.press("Enter");
          await page.waitForURL(/\/search\?q=/);
          await page
            .getByRole("link", { name: /GUY'S AND ST THOMAS'/i })
            .first()
            .click();
          await page.waitForURL(new RegExp(`/org/${TRUST}$`));
          await page
            .locator("table.app-dashboard")
            .getByRole("link", { name: "A&E 4-hour performance (all types)" })
            .click();
          await page.waitForURL(new RegExp(`/org/${TRUST}/metric/ae_4hr_all`));
          expect(problems).toEqual([]);
        } finally {
          await close();
        }
      }, 120_000);

      pageTest(
        "trust metric page",
        `/org/${TRUST}/metric/ae_4hr_all`,
        async (page) => {
          const expected = expectedLatest();
          const month = new Date(`${expected.period}T00:00:00Z`).toLocaleDateString("en-GB", {
            month: "long",
            year: "numeric",
            timeZone: "UTC",
          });
          expect(await page.locator(".app-headline__number").innerText()).toBe(
            `${expected.percent.toFixed(1)}%`,
          );
          expect(await page.locator(".app-headline__value").innerText()).toContain(month);
          // The icon's text equivalent is on the page, in words.
          expect(await page.locator(".app-headline__icons").innerText()).toMatch(
            /Variation: (Common cause|Special cause)/,
          );
          // One rule heads the card in plain words; the statistics are one click away.
          const headline = page.locator(".app-headline");
          const plain = (await headline.locator(":scope > p, :scope > div").allInnerTexts()).join(
            "\n",
          );
          expect(plain).toMatch(/since/);
          expect(plain).not.toMatch(/χ²|interval|significant|getting (better|worse)/);
          const detail = headline.locator("details", { hasText: "How this was judged" });
          expect(await detail.textContent()).toMatch(/XmR chart: its current limits/);
          // One SPC point per month with a value in the data table, and the download gives the same rows.
          const rows = page.locator("#spc-figure table tbody tr");
          const values = await rows.evaluateAll(
            (trs) => trs.filter((tr) => /\d/.test(tr.children[1]?.textContent ?? "")).length,
          );
          expect(
            await page.locator("#spc-figure svg.app-chart__svg--wide g.app-chart__point").count(),
          ).toBe(values);
          const csv = await (
            await page.request.get(
              new URL(`/org/${TRUST}/metric/ae_4hr_all.csv`, page.url()).toString(),
            )
          ).text();
          // The provenance block (decision 0019) above the table is not its rows.
          expect(withoutProvenance(csv).trim().split("\n").length - 1).toBe(await rows.count());
        },
        { timeout: 120_000 },
      );

      pageTest(
        "trust dashboard",
        `/org/${TRUST}`,
        async (page) => {
          // As NHS.UK writes it, not as ODS publishes it ("GUY'S AND ST THOMAS' …").
          expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
            "Guy's and St Thomas' NHS Foundation Trust",
          );
          expect(await page.locator("table.app-dashboard tbody tr").count()).toBeGreaterThan(5);
          // Its networks, near the top, with who leads them (London's two, annex A).
          const networks = await page.locator(".app-org-networks").innerText();
          expect(networks).toContain(
            "London urgent and emergency care LIN: led by Matthew Trainer (chief executive of Barking, Havering and Redbridge University Hospitals NHS Trust).",
          );
          expect(networks).toContain(
            "London elective care LIN: led by Lesley Watts (chief executive of Chelsea and Westminster Hospital NHS Foundation Trust).",
          );
          expect(
            await page.locator(".app-org-networks a[href='/networks/london-uec']").count(),
          ).toBe(1);
          expect(await page.locator(".app-org-networks a[href='/org/RF4']").count()).toBe(1);
        },
        { timeout: 120_000 },
      );

      // RDE's page at 320 CSS pixels (WCAG 1.4.10): its networks, one led by its own chief
      // executive, and no sideways scrolling of the page.
      pageTest(
        "RDE dashboard on a phone",
        "/org/RDE",
        async (page) => {
          expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
            "East Suffolk and North Essex NHS Foundation Trust",
          );
          const networks = await page.locator(".app-org-networks").innerText();
          expect(networks).toContain(
            "East of England urgent and emergency care LIN: led by Nick Hulme (chief executive of this trust).",
          );
          expect(networks).toContain(
            "East of England elective care LIN: led by Adam Sewell-Jones (chief executive of East and North Hertfordshire NHS Trust).",
          );
          // No opportunity rests on an old value: a row not compared is not sized, and every
          // highlighted opportunity is a current row's, with its period.
          const rows = await page.locator("table.app-dashboard tbody tr").evaluateAll((trs) =>
            trs.map((tr) => ({
              title: tr.querySelector("th")?.textContent?.trim() ?? "",
              cells: [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? ""),
            })),
          );
          const old = rows.filter((r) => r.cells.some((c) => c.startsWith("Not compared")));
          expect(old.length).toBeGreaterThan(0);
          for (const r of old) expect(r.cells.at(-1), r.title).toBe("Not sized: not current");
          // RDE's five highlights before were all old values (four May 2022 snapshots and
          // discharges before 5pm to May 2023); none of its current values passes the evidence
          // test, and the page says so rather than leaving the section out.
          const highlights = await page.locator(".app-highlights__item").allInnerTexts();
          if (highlights.length === 0)
            expect(await page.locator(".app-highlights").innerText()).toContain("None at present");
          for (const h of highlights) {
            const title = h.split("\n")[0]!.trim();
            expect(
              old.map((r) => r.title),
              title,
            ).not.toContain(title);
            expect(h).toMatch(
              /(January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d:/,
            );
          }
          const box = await page.locator(".app-org-networks").boundingBox();
          expect(box!.x + box!.width).toBeLessThanOrEqual(320);
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth),
          ).toBeLessThanOrEqual(320);
        },
        { timeout: 120_000, viewport: { width: 320, height: 640 } },
      );

      pageTest(
        "SHMI: the publication's own banding and limits, as published",
        `/org/${TRUST}/metric/shmi`,
        async (page) => {
          const [header, ...rows] = fs
            .readFileSync(
              path.join(sharedDataDir, "shmi", "SHMI_data_at_trust_level_Feb25-Jan26_csv.csv"),
              "utf8",
            )
            .replace(/^\uFEFF/, "")
            .trim()
            .split(/\r?\n/)
            .map((l) => l.split(","));
          const col = (name: string) => header!.indexOf(name);
          const row = rows.find((r) => r[col("PROVIDER_CODE")] === TRUST)!;
          const text = await page.locator("main").innerText();
          expect(text).toContain(`in banding ${row[col("SHMI_BANDING")]}:`);
          expect(text).toContain(
            `${row[col("OD_LL")]} to ${row[col("OD_UL")]} (the banding rests on these)`,
          );
          expect(text).toContain(
            `99.8% limits for chance alone (Poisson): ${row[col("PO_LL")]} to ${row[col("PO_UL")]}`,
          );
        },
        { timeout: 120_000 },
      );

      pageTest(
        "NHS Oversight Framework: NHS England's value, median, quartiles, rank and score, as published",
        `/org/${TRUST}/metric/nof_of0003`,
        async (page) => {
          // The trust's row and its metric's ranked rows, read here from the raw file.
          const [header, ...rows] = fs
            .readFileSync(
              path.join(
                sharedDataDir,
                "nhs-oversight-framework",
                "nhs-oversight-framework-acute-trust-data.csv",
              ),
              "utf8",
            )
            .replace(/^\uFEFF/, "")
            .trim()
            .split(/\r?\n/)
            .map(splitLine);
          const col = (name: string) => header!.indexOf(name);
          const of0003 = rows.filter((r) => r[col("Metric_ID")] === "OF0003");
          const row = of0003.find((r) => r[col("Trust_code")] === TRUST)!;
          const score = rows.find(
            (r) => r[col("Metric_ID")] === "OF1003" && r[col("Trust_code")] === TRUST,
          )!;
          const values = of0003.map((r) => Number(r[col("Value")]));
          const value = Number(row[col("Value")]);
          const rank = 1 + values.filter((v) => v < value).length;
          expect(rank).toBe(Number(row[col("Rank")]));
          const text = await page.locator("main").innerText();
          expect(text).toContain("What the publication says");
          expect(text).toContain(`The value: ${value.toFixed(2)}%.`);
          expect(text).toContain(
            `Median ${Number(row[col("Median_value")]).toFixed(2)}%, quartiles ${Number(row[col("Lower_quartile")]).toFixed(2)}% (lower)`,
          );
          const ord = (k: number) =>
            `${k}${k % 100 >= 11 && k % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][k % 10] ?? "th")}`;
          expect(text).toContain(`Ranked ${ord(rank)} of ${values.length} trusts with a value`);
          expect(text).toContain(`score of this value: ${Number(score[col("Value")]).toFixed(2)}`);
          expect(text).toContain("June 2025");
          expect(text).toContain(
            "over all acute trusts in NHS England's Oversight Framework 2025/26 acute-trust file",
          );
        },
        { timeout: 120_000 },
      );

      pageTest(
        "NHS Oversight Framework on the dashboard: segments as NHS England's own, with the segmentation's period",
        `/org/${TRUST}`,
        async (page) => {
          const section = page.locator("section[aria-labelledby=section-oversight]");
          const text = await section.innerText();
          expect(text).toContain("The segmentation is for Q1 2025/26 (Apr–Jun 2025)");
          expect(text).toMatch(/Segment [1-4] of 4\s+NHS England's own, Q1 2025\/26/);
          // Categories are not compared with peers.
          expect(text).toContain("NHS England's own category: not compared");
          // Metric values stand where NHS England places them, not in our quartiles.
          expect(text).toMatch(/NHS England ranks it \d+(st|nd|rd|th) of \d+ \(1st best\)/);
          expect(text).not.toMatch(/quarter of All/);
        },
        { timeout: 120_000 },
      );

      pageTest(
        "a trust's recommended peers: who they are and why each was chosen",
        `/org/${TRUST}/peers`,
        async (page) => {
          const peers = page.locator("main table").nth(1).locator("tbody tr");
          expect(await peers.count()).toBe(10);
          // Chosen on what trusts do: every reason names features, and none is performance.
          for (const reason of await peers.locator("td:last-child").allInnerTexts())
            expect(reason).toMatch(/^(similar|both|differs)/);
          expect(
            await page.getByText(/were also recommended on the data as it stood/).count(),
          ).toBe(1);
          const features = await page
            .locator("main table")
            .first()
            .locator("tbody th")
            .allInnerTexts();
          expect(features).toEqual(expect.arrayContaining(["size", "elective/emergency balance"]));
        },
        { timeout: 120_000 },
      );

      pageTest(
        "missing data is said in words",
        "/org/RC9/metric/ae_4hr_all",
        async (page) => {
          // RC9 field-tested new A&E standards and did not report 4-hour figures April 2021 – May 2023.
          const notes = await page.locator(".app-missing").allInnerTexts();
          expect(notes).toContainEqual(
            expect.stringMatching(/^No data: .* did not report .* from April 2021 to May 2023\.$/),
          );
          // The years no publication held covers are not blamed on the trust.
          expect(notes).toContainEqual(
            expect.stringMatching(
              /^The data held has no .* figures for any organisation from April 2019 to March 2021\.$/,
            ),
          );
        },
        { timeout: 120_000 },
      );

      pageTest(
        "a closed trust is labelled",
        "/org/RQQ",
        async (page) => {
          expect(await page.getByText("Closed organisation").isVisible()).toBe(true);
        },
        { timeout: 120_000 },
      );

      pageTest(
        "a network's dashboard on the first start lists its member trusts and their data",
        "/group/network:london-uec",
        async (page) => {
          // The London region's open NHS trusts and ICBs joined the network when the data came in.
          const members = page.locator("main ul li a");
          expect(await members.count()).toBeGreaterThan(20);
          expect(await members.allInnerTexts()).toContainEqual(
            expect.stringMatching(/GUY'S AND ST THOMAS'/i),
          );
          expect(await page.getByText(/^No data:/).count()).toBe(0);
          // The network's figures, computed from its members, beside England's.
          const rows = page.locator("main table").first().locator("tbody tr");
          expect(await rows.count()).toBeGreaterThan(0);
          expect(await rows.first().locator("td").first().innerText()).toMatch(/\d/);
        },
        { timeout: 120_000 },
      );

      pageTest(
        "an ambulance trust's dashboard: ambulance metrics, compared with the ambulance trusts",
        "/org/RX9",
        async (page) => {
          // East Midlands Ambulance Service's latest category 1 mean, from the AmbSYS Raw sheet:
          // total response seconds / incidents / 60.
          const lines = fs
            .readFileSync(
              path.join(sharedDataDir, "ambsys", "AmbSYS-Time-Series-until-20250831_Raw.csv"),
              "utf8",
            )
            .trim()
            .split("\n")
            .map((l) => l.split(",").map((c) => c.replace(/^"|"$/g, "")));
          const [header, ...rows] = lines as [string[], ...string[][]];
          const col = (name: string) => header.indexOf(name);
          const latest = rows
            .filter((r) => r[col("org_code")] === "RX9")
            .sort((a, b) => a[0]!.localeCompare(b[0]!))
            .at(-1)!;
          const minutes = Number(latest[col("A24")]) / Number(latest[col("A8")]) / 60;
          const row = page
            .locator("table.app-dashboard tbody tr")
            .filter({ hasText: "Ambulance category 1 mean response time" });
          expect(await row.locator("td.app-num strong").innerText()).toBe(
            `${minutes.toFixed(1)} minutes`,
          );
          expect(await page.locator("#peers option:checked").innerText()).toBe(
            "All ambulance trusts in England",
          );
          expect(await page.getByText(/compare with All ambulance trusts/).count()).toBe(1);
        },
        { timeout: 120_000 },
      );

      pageTest(
        "a trust's staff engagement (NHS Staff Survey 2024), compared without an interval, and on its dashboard",
        `/org/${TRUST}/metric/nss_staff_engagement`,
        async (page) => {
          // Every trust answers the survey, so its acute peers show who the group holds: no
          // mental health trust (before: Norfolk and Suffolk, RMY, Cambridgeshire and
          // Peterborough, RT1, and two London mental health trusts were "acute trusts").
          const peers = (await page.locator("#benchmark-figure").textContent()) ?? "";
          expect(peers).toContain("All acute trusts in England");
          for (const name of [
            "Norfolk and Suffolk NHS Foundation Trust",
            "Cambridgeshire and Peterborough NHS Foundation Trust",
            "Mental Health",
          ])
            expect(peers).not.toContain(name);
          // The score as published in the survey's THEMES sheet, to its catalogue decimals.
          const [header, ...rows] = fs
            .readFileSync(path.join(sharedDataDir, "nhs-staff-survey", "nss24_themes.csv"), "utf8")
            .trim()
            .split(/\r?\n/)
            .map((l) => l.split(",").map((c) => c.replace(/^"|"$/g, "")));
          const col = (name: string) => header!.indexOf(name);
          const raw = rows.find((r) => r[col("ods_code")] === TRUST)!;
          const score = Number(raw[col("staff_engagement_score")]);
          expect(await page.locator(".app-headline__number").innerText()).toBe(score.toFixed(2));
          expect(await page.locator(".app-headline__value").innerText()).toContain("2024/25");
          // No interval: the comparison says so, in words, and uses the quintile.
          expect(
            await page
              .getByText(
                /No confidence interval applies to survey scores published without standard errors/,
              )
              .count(),
          ).toBe(1);
          await page.goto(new URL(`/org/${TRUST}`, page.url()).toString());
          const row = page
            .locator("table.app-dashboard tbody tr")
            .filter({ hasText: "NHS Staff Survey: Staff engagement" });
          expect(await row.locator("td.app-num strong").innerText()).toBe(score.toFixed(2));
        },
        { timeout: 120_000 },
      );

      pageTest(
        "a trust's kind, history and Peer Finder group from the reference publications (RM3)",
        "/org/RM3",
        async (page) => {
          // Northern Care Alliance: its name says "Care" (mental health by the name rule); the
          // trust-type table says acute, Oversight Framework subtype teaching.
          const type = fs
            .readFileSync(path.join(sharedDataDir, "derived", "trust_types.csv"), "utf8")
            .split("\n")
            .find((l) => l.startsWith('"RM3",'))!;
          expect(type).toContain('"acute","Acute - Teaching"');
          expect(await page.locator(".nhsuk-caption-l").innerText()).toMatch(
            /^Acute trust \(teaching\)/,
          );
          expect(await page.getByText(/from the trust-type table of 2024–25/).count()).toBe(1);
          // Pennine Acute (RW6) passed part of its services to RM3 on 1 October 2021.
          const history = page.locator('section[aria-labelledby="history-heading"]');
          expect(await history.innerText()).toMatch(
            /PENNINE ACUTE HOSPITALS NHS TRUST \(RW6\): succeeded by .* from 1 October 2021, part of the services only/i,
          );
          expect(
            await history.getByText(/never join series across a merger or split/).count(),
          ).toBe(1);
          // A partial succession is not a clean merger: no continued series is offered.
          expect(await history.getByText(/continued before the merger/).count()).toBe(0);
          // Its NHS Trust Peer Finder group is offered, with as many members as the file lists.
          const peers = fs
            .readFileSync(path.join(sharedDataDir, "strategy-unit-nhp", "nhp-peers.csv"), "utf8")
            .split("\n")
            .filter((l) => l.startsWith("RM3,")).length;
          expect(await page.locator('#peers option[value="peer-finder-RM3"]').innerText()).toMatch(
            new RegExp(`^Its NHS Trust Peer Finder group \\(${peers} trusts`),
          );
        },
        { timeout: 120_000 },
      );

      pageTest(
        "a merged trust's 4-hour series continued with its predecessors' combined figures (R0D)",
        "/org/R0D/metric/ae_4hr_all?history=continued",
        async (page) => {
          // University Hospitals Dorset (R0D) from 1 October 2020: Poole (RD3) and Royal
          // Bournemouth (RDZ). January 2019 from NHSRdatasets' A&E rows of both, all types.
          let attendances = 0;
          let breaches = 0;
          for (const line of fs
            .readFileSync(path.join(sharedDataDir, "nhsrdatasets", "ae_attendances.csv"), "utf8")
            .split(/\r?\n/)) {
            const [period, org, , a, b] = line.split(",").map((c) => c.replace(/"/g, ""));
            if (period !== "2019-01-01" || (org !== "RD3" && org !== "RDZ")) continue;
            attendances += Number(a);
            breaches += Number(b);
          }
          expect(attendances).toBeGreaterThan(0);
          const percent = (((attendances - breaches) / attendances) * 100).toFixed(1);
          const history = page.locator(".app-history");
          expect(await history.innerText()).toMatch(
            /\(RD3\) and .* \(RDZ\) passed whole to .* on 1 October 2020\. Before 1 October 2020, this series is continued with their combined:/,
          );
          // The data table is in a closed <details>: read its text, not what is rendered.
          const row = page.locator("#spc-figure table tr", { hasText: "January 2019" });
          expect(await row.textContent()).toContain(`${percent}%`);
          expect(await row.textContent()).toContain("Combined: RD3 + RDZ");
          // The other view is one link away.
          await history.getByRole("link", { name: /values as reported/ }).click();
          await page.waitForURL(/\/org\/R0D\/metric\/ae_4hr_all$/);
          expect(await page.locator("#spc-figure table tr", { hasText: "Combined:" }).count()).toBe(
            0,
          );
        },
        { timeout: 120_000 },
      );

      pageTest(
        "East Suffolk and North Essex's 4-hour chart starts its limits again at known breaks, and offers a rebased view (RDE)",
        "/org/RDE/metric/ae_4hr_all",
        async (page) => {
          // Before the default baseline (issue 13): limits from 2016 to 2025 across the two
          // years with no data and the pandemic, and 86 of 88 points special cause.
          const csv = await (
            await page.request.get(new URL("/org/RDE/metric/ae_4hr_all.csv", page.url()).toString())
          ).text();
          const [head, ...rows] = withoutProvenance(csv)
            .trim()
            .split(/\r?\n/)
            .map((l) => l.split(","));
          const col = (name: string) => head!.indexOf(name);
          const points = rows.filter((r) => r[col("value")] !== "");
          const special = points.filter((r) => r[col("special_cause")] !== "");
          expect(points.length).toBeGreaterThan(80);
          expect(special.length * 2).toBeLessThan(points.length);
          // The opportunity says the period it is sized on; its formula is one click away.
          const opportunity = page.locator(".nhsuk-inset-text", { hasText: "Opportunity" });
          expect(await opportunity.locator("p").first().innerText()).toMatch(
            /^Opportunity in [A-Z][a-z]+ 20\d\d: /,
          );
          expect(await opportunity.locator("details").textContent()).toContain("Formula:");
          expect(new Set(points.map((r) => r[col("group")])).size).toBeGreaterThanOrEqual(3);
          expect(
            await page
              .getByText(/The limits start again in April 2021 \(after 24 months with no data\)/)
              .count(),
          ).toBe(1);
          // A possible step change opens a view with limits recalculated there, labelled as a view.
          await page.locator("summary", { hasText: "Possible step changes" }).click();
          const view = page.getByRole("link", { name: /^View limits recalculated from / }).first();
          await view.click();
          await page.waitForURL(/rebase=\d{4}-\d{2}-\d{2}/);
          expect(await page.locator(".nhsuk-warning-callout").innerText()).toMatch(
            /You are viewing the limits recalculated from .* This is a view only/,
          );
          await page.getByRole("link", { name: "Show the default limits" }).click();
          await page.waitForURL(/\/org\/RDE\/metric\/ae_4hr_all$/);
        },
        { timeout: 120_000 },
      );

      pageTest(
        "NHS Talking Therapies recovery for a mental health trust, as published",
        "/org/RXT/metric/iapt_recovery",
        async (page) => {
          // Birmingham and Solihull Mental Health's latest Percentage_Recovery in the file.
          const latest = fs
            .readFileSync(
              path.join(sharedDataDir, "humaniverse-healthyr", "england_trust_iapt.csv"),
              "utf8",
            )
            .split(/\r?\n/)
            .filter((l) => l.startsWith('"RXT","May 2023","Percentage_Recovery"'))[0]!;
          const value = latest.split(",")[3]!.replace(/"/g, "");
          expect(await page.locator(".app-headline__number").innerText()).toBe(`${value}%`);
          expect(await page.locator(".app-headline__value").innerText()).toContain("May 2023");
        },
        { timeout: 120_000 },
      );

      pageTest(
        "a trust's cancer 28-day faster diagnosis page",
        `/org/${TRUST}/metric/cancer_fds_28d`,
        async (page) => {
          expect(await page.locator(".app-headline__number").innerText()).toMatch(/^\d+\.\d%$/);
          expect(await page.locator("main").innerText()).toMatch(/28 days/);
        },
        { timeout: 120_000 },
      );

      pageTest(
        "a trust's diagnostics 6-week page",
        `/org/${TRUST}/metric/diag_6wk_pct`,
        async (page) => {
          expect(await page.locator(".app-headline__number").innerText()).toMatch(/^\d+\.\d%$/);
          expect(await page.locator("main").innerText()).toMatch(/6 weeks/);
        },
        { timeout: 120_000 },
      );

      pageTest(
        "a trust's board view: icons, each value's period, not-current values said so",
        "/org/RDE/board",
        async (page) => {
          expect(await page.locator("main").innerText()).toMatch(
            /compared with All acute trusts in England \(\d+ open organisations\)/,
          );
          const fourHour = page
            .locator("table.app-board tbody tr")
            .filter({ hasText: "A&E 4-hour performance (all types)" });
          expect(await fourHour.locator("td").first().innerText()).toMatch(
            /^\d+\.\d% · [A-Z][a-z]+ \d{4}$/,
          );
          expect(
            await page.locator("table.app-board .app-board__icon-words").count(),
          ).toBeGreaterThan(5);
          // RDE's referral-to-treatment figures stop in 2022: said in words on the row.
          expect(await page.locator("table.app-board .app-board__tag").first().innerText()).toBe(
            "Not current",
          );
        },
        { timeout: 120_000 },
      );

      pageTest(
        "an ambulance trust's board view",
        "/org/RX6/board",
        async (page) => {
          expect(await page.locator("table.app-board tbody tr").count()).toBeGreaterThan(5);
        },
        { timeout: 120_000 },
      );

      // On paper, at an A4 width. Measured: /org/RDE printed on 34 pages with 5 tables clipped
      // and every link's address after it before the print stylesheet, 14 after, and 8 with the
      // board view's few words on paper instead of the page's sentences; its board view 5.
      for (const [name, path, pages] of [
        ["a trust's organisation page", "/org/RDE", 10],
        ["a trust's board view", "/org/RDE/board", 6],
      ] as const)
        pageTest(
          `${name} in print`,
          path,
          async (page) => {
            expect(await printProblems(page)).toEqual([]);
            expect(await a4Pages(page)).toBeLessThanOrEqual(pages);
          },
          { viewport: a4, axe: false, screenshot: false, timeout: 120_000 },
        );

      // The walkthrough ends here: a running proposal of three London trusts, against
      // the comparators recorded before the start, on the real 4-hour data.
      pageTest(
        "a running proposal's evaluation: participants against comparators",
        "/proposals/1/evaluation",
        async (page) => {
          const headline = await page.locator("p.nhsuk-body-l").innerText();
          expect(headline).toMatch(
            /^Participants went from [0-9.]+% to [0-9.]+% \([−+][0-9.]+ percentage points\) and comparators from [0-9.]+% to [0-9.]+%/,
          );
          expect(headline).toMatch(/95% interval [−+]?[0-9.]+ to [−+]?[0-9.]+ percentage points/);
          expect(await page.locator("#group-ae_4hr_all-figure").count()).toBe(1);
          const rows = page
            .getByRole("table", { name: "Verdict since the start, by participant" })
            .locator("tbody tr");
          expect(await rows.count()).toBe(3);
          for (const code of ["R1H", "RF4", "RJZ"])
            expect(await rows.filter({ hasText: `(${code})` }).count()).toBe(1);
          // Each participant's own chart, with the start marked.
          expect(
            await page.locator("[id^=participant-][id$=-figure] svg.app-chart__svg").count(),
          ).toBe(6);
          await expectLegibleCharts(page, 14, 4);
        },
        { timeout: 120_000 },
      );

      pageTest(
        "4-hour performance across England",
        "/metric/ae_4hr_all",
        async (page) => {
          expect(await page.locator("#england-spc-figure").count()).toBe(1);
          // Who improved most: open trusts only (Basildon and Thurrock, RDD, closed in 2020,
          // ranked second before), each with a value for the latest month.
          const improvers = await page
            .locator("table", { hasText: "Evidence" })
            .locator("tbody th a")
            .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
          expect(improvers.length).toBeGreaterThan(0);
          expect(improvers).not.toContain("/org/RDD/metric/ae_4hr_all");
          const month = new Date(`${expectedLatest().period}T00:00:00Z`).toLocaleDateString(
            "en-GB",
            { month: "long", year: "numeric", timeZone: "UTC" },
          );
          for (const href of improvers.slice(0, 10)) {
            const html = await (
              await page.request.get(new URL(href, page.url()).toString())
            ).text();
            expect(html, href).not.toMatch(/closed on \d/);
            expect(html, href).toContain(`in ${month}`);
          }
        },
        { timeout: 120_000 },
      );
    },
    {
      demo: false,
      // Exactly what `npm start` does on an empty database beside the shared data folder.
      seed: async (db) => {
        const log = { info: () => undefined, warn: () => undefined };
        const outcome = await loadFirstStartData(db, { demo: "auto", sharedDataDir }, log);
        if (outcome !== "shared-data") throw new Error(`first start loaded ${outcome}`);
        await runningProposal(db);
      },
    },
  );
}
