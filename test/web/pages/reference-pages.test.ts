// What the reference publications say on an organisation's pages (issue 12, item 3; decision
// 0010): the kind and where it comes from, the history with dates (merger, split, partial,
// closure without a successor), and the Peer Finder group in the peer selector. Fake services.
import { describe, expect, it } from "vitest";
import type { HistoryLink, OrganisationReference } from "../../../src/metrics/directory/store.js";
import type { Organisation } from "../../../src/metrics/organisations.js";
import { appWith, directoryOf, emptyDashboard, emptyGroup, noReference, trust } from "./fakes.js";

async function page(org: Organisation, reference: OrganisationReference): Promise<string> {
  const app = await appWith({
    directory: { ...directoryOf([org]), organisationReference: async () => reference },
    analytics: { organisationDashboard: async () => emptyDashboard(org) },
  });
  const res = await app.inject(`/org/${org.orgCode}`);
  expect(res.statusCode).toBe(200);
  // Sentences are compared as text (apostrophes and quotes are escaped in the HTML).
  return res.body
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

const link = (over: Partial<HistoryLink> & { orgCode: string }): HistoryLink => ({
  name: null,
  kind: "acute_trust",
  effectiveDate: null,
  partial: false,
  split: false,
  note: null,
  ...over,
});

describe("an organisation's kind and where it comes from", () => {
  it("says a kind from the trust-type table, with its subtype and the table's rule", async () => {
    const body = await page(
      { ...trust, subtype: "teaching", kindSource: "trust_types" },
      {
        ...noReference,
        trustType: {
          publishedType: "acute",
          subtype: "teaching",
          surveyGroup: "Acute and Acute & Community Trusts",
          typesDisagree: false,
          sectors: [],
        },
      },
    );
    expect(body).toContain("Acute trust (teaching), London");
    expect(body).toContain(
      "Acute trust (teaching), from the trust-type table of 2024–25 (the NHS Oversight Framework 2025/26 subtype where there is one, else the NHS Staff Survey 2024 benchmarking group).",
    );
  });

  it("says where the Staff Survey and the Oversight Framework disagree (RBS, RCU, RQ3)", async () => {
    const body = await page(
      { ...trust, subtype: "specialist", kindSource: "trust_types" },
      {
        ...noReference,
        trustType: {
          publishedType: "acute_specialist",
          subtype: "specialist",
          surveyGroup: "Acute and Acute & Community Trusts",
          typesDisagree: true,
          sectors: [],
        },
      },
    );
    expect(body).toContain(
      'The NHS Staff Survey 2024 groups it with "Acute and Acute & Community Trusts"; the trust-type table follows the NHS Oversight Framework 2025/26, which gives it the specialist subtype.',
    );
  });

  it("names the sectors the Staff Survey counts apart (the Isle of Wight's R1F1 and R1F2)", async () => {
    const body = await page(
      { ...trust, subtype: "multi_service", kindSource: "trust_types" },
      {
        ...noReference,
        trustType: {
          publishedType: "acute",
          subtype: "multi_service",
          surveyGroup: null,
          typesDisagree: false,
          sectors: [
            { orgCode: "RXX1", name: "EXAMPLE (ACUTE SECTOR)", publishedType: "acute" },
            { orgCode: "RXX2", name: "EXAMPLE (AMBULANCE SECTOR)", publishedType: "ambulance" },
          ],
        },
      },
    );
    expect(body).toContain(
      "Acute trust (multi-service), from the trust-type table of 2024–25 (the NHS Oversight Framework 2025/26 subtype where there is one, else the NHS Staff Survey 2024 benchmarking group).",
    );
    expect(body).toContain(
      "The NHS Staff Survey counts its sectors apart: acute (RXX1) and ambulance (RXX2).",
    );
  });

  it("says a kind classified from activity or from the name where no trust type is held (G6V2S)", async () => {
    expect(await page({ ...trust, kindSource: "activity" }, noReference)).toContain(
      "Acute trust, classified from its activity: no trust type is held for it, and it reports type 1 A&E attendances or general and acute beds.",
    );
    expect(
      await page({ ...trust, kind: "mental_health_trust", kindSource: "activity" }, noReference),
    ).toContain(
      "Mental health trust, classified from its activity: no trust type is held for it, and it reports mental illness or learning disability beds but no type 1 A&E attendances or general and acute beds.",
    );
    expect(await page({ ...trust, kindSource: "name" }, noReference)).toContain(
      "Acute trust, classified from its name: no trust type is held for it.",
    );
  });
});

describe("an organisation's history", () => {
  it("lists predecessors with the date they were succeeded", async () => {
    const body = await page(
      { ...trust, name: "Mid Example NHS Trust" },
      {
        ...noReference,
        predecessors: [
          link({ orgCode: "RQ8", name: "Old North", effectiveDate: "2020-04-01" }),
          link({ orgCode: "RDD", name: "Old South", effectiveDate: "2020-04-01" }),
        ],
      },
    );
    expect(body).toContain(">Predecessors</dt>");
    // Stored series are not joined across the merger, and the page says so; a clean merger's
    // metric pages offer the series continued with the merged organisations' combined figures.
    expect(body).toContain("never join series across a merger or split");
    expect(body).toContain(
      "each metric's page can also show its series continued before the merger with their combined figures",
    );
    expect(body).toContain(
      '<a href="/org/RQ8">Old North</a> (RQ8): succeeded by Mid Example NHS Trust from 1 April 2020',
    );
  });

  it("says a closed organisation with no succession is closed, with no successor recorded (RBZ, R1C…)", async () => {
    const body = await page({ ...trust, closeDate: "2024-09-30" }, noReference);
    expect(body).toContain("closed on 30 September 2024. Its history is kept.");
    expect(body).toContain("No successor is recorded in the successions held.");
    expect(body).not.toContain('id="history-heading"');
  });

  it("shows a partial succession with its note (RW6 → RM3), and a split's successors", async () => {
    const partial = await page(
      { ...trust, closeDate: "2021-09-30" },
      {
        ...noReference,
        successors: [
          link({
            orgCode: "RM3",
            name: "Northern Example",
            effectiveDate: "2021-10-01",
            partial: true,
            note: "partial: the north site went elsewhere",
          }),
        ],
      },
    );
    expect(partial).toContain("Part of its services passed to Northern Example.");
    expect(partial).toContain(
      "(RM3): from 1 October 2021, part of the services only (partial: the north site went elsewhere)",
    );
    const split = await page(trust, {
      ...noReference,
      successors: [
        link({
          orgCode: "ZGQ9A",
          name: "North ICB",
          kind: null,
          effectiveDate: "2026-04-01",
          split: true,
        }),
        link({
          orgCode: "ZGQ8B",
          name: "South ICB",
          kind: null,
          effectiveDate: "2026-04-01",
          split: true,
        }),
      ],
    });
    expect(split).toContain("Successors (it was split)</dt>");
    // Successors the registry does not hold are named, not linked.
    expect(split).toContain("<li>North ICB (ZGQ9A): from 1 April 2026</li>");
  });

  it("shows an ICB's successions on its group dashboard", async () => {
    const app = await appWith({
      groups: { icb: async () => emptyGroup("NHS Example ICB") },
      directory: {
        organisationReference: async () => ({
          ...noReference,
          successors: [
            link({
              orgCode: "ZGQ9A",
              name: "Example and Elsewhere ICB",
              kind: null,
              effectiveDate: "2026-04-01",
            }),
          ],
        }),
      },
    });
    const res = await app.inject("/icbs/QWE");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<li>Example and Elsewhere ICB (ZGQ9A): from 1 April 2026</li>");
  });
});

describe("the Peer Finder group in the peer selector", () => {
  it("offers the trust's Peer Finder group, saying how many members have closed", async () => {
    const body = await page(trust, {
      ...noReference,
      peerFinder: {
        peerGroupId: "peer-finder-RXX",
        name: "Example Hospitals NHS Trust's Peer Finder group",
        members: 11,
        closedMembers: ["R1C"],
        includesItself: true,
      },
    });
    expect(body).toContain(
      '<option value="peer-finder-RXX">Its NHS Trust Peer Finder group (11 trusts, 1 of them closed)</option>',
    );
  });
});

describe("the networks an organisation belongs to and who leads them (issue 13)", () => {
  const uec = {
    networkId: "london-uec",
    name: "London urgent and emergency care LIN",
    focus: "uec" as const,
    leads: [
      {
        name: "Matthew Trainer",
        organisations: [
          {
            name: "Barking, Havering and Redbridge University Hospitals NHS Trust",
            orgCode: "RF4",
          },
        ],
      },
    ],
  };
  const elective = {
    networkId: "london-elective",
    name: "London elective care LIN",
    focus: "elective" as const,
    leads: [
      {
        name: "Glen Burley",
        organisations: [
          { name: "George Eliot Hospital NHS Trust", orgCode: "RLT" },
          { name: "Example Hospitals NHS Trust", orgCode: "RXX" },
          { name: "University Hospitals of Northamptonshire NHS Group", orgCode: null },
        ],
      },
      {
        name: "Phil Wood",
        organisations: [{ name: "Leeds Teaching Hospitals NHS Trust", orgCode: "RR8" }],
      },
    ],
  };

  it("names each network, linked, with its lead chief executives and their organisations", async () => {
    const body = await page(trust, { ...noReference, networks: [uec, elective] });
    const text = body.replace(/<[^>]+>/g, "");
    expect(body).toContain(
      '<h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-2" id="networks-heading">Learning and improvement networks</h2>',
    );
    expect(body).toContain(
      '<a href="/networks/london-uec">London urgent and emergency care LIN</a>',
    );
    expect(body).toContain(
      '<a href="/org/RF4">Barking, Havering and Redbridge University Hospitals NHS Trust</a>',
    );
    expect(text).toContain(
      "London urgent and emergency care LIN: led by Matthew Trainer (chief executive of Barking, Havering and Redbridge University Hospitals NHS Trust).",
    );
    // The organisation itself is "this trust"; an organisation not held by that name is not linked.
    expect(text).toContain(
      "London elective care LIN: led by Glen Burley (chief executive of George Eliot Hospital NHS Trust, this trust and University Hospitals of Northamptonshire NHS Group) and Phil Wood (chief executive of Leeds Teaching Hospitals NHS Trust).",
    );
    expect(body).not.toContain('href="/org/RXX"');
    expect(text).toContain(
      "Networks and their leads as set up by NHS England's letter PRN01435 (annex A).",
    );
    // Near the top: before the peer selector and the dashboard.
    expect(body.indexOf("networks-heading")).toBeLessThan(body.indexOf("Compare with"));
  });

  it("says so when an open trust belongs to no network (the Welsh trusts in ODS)", async () => {
    const body = await page({ ...trust, regionCode: null }, noReference);
    expect(body).toContain("It is not a member of any learning and improvement network");
    expect(body).not.toContain("networks-heading");
  });

  it("claims no membership for a closed organisation", async () => {
    const body = await page(
      { ...trust, closeDate: "2020-03-31" },
      { ...noReference, networks: [uec] },
    );
    expect(body).not.toContain("networks-heading");
    expect(body).not.toContain("not a member of any");
  });
});
