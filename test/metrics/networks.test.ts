import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  icbs,
  midlandsFootprintOfIcb,
  networkFootprintContains,
  networks,
  regions,
} from "../../src/metrics/networks.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";

/** Annex A of PRN01435, spelt out: region, footprint, focus, leads and their organisations. */
const expected = [
  [
    "east-of-england-elective",
    "Y61",
    "region",
    "elective",
    [["Adam Sewell-Jones", ["East and North Hertfordshire NHS Trust"]]],
  ],
  [
    "east-of-england-uec",
    "Y61",
    "region",
    "uec",
    [["Nick Hulme", ["East Suffolk and North Essex NHS Foundation Trust"]]],
  ],
  [
    "london-uec",
    "Y56",
    "region",
    "uec",
    [["Matthew Trainer", ["Barking, Havering and Redbridge University Hospitals NHS Trust"]]],
  ],
  [
    "london-elective",
    "Y56",
    "region",
    "elective",
    [["Lesley Watts", ["Chelsea and Westminster Hospital NHS Foundation Trust"]]],
  ],
  ...(["uec", "elective"] as const).map((focus) => [
    `west-midlands-${focus}`,
    "Y60",
    "west_midlands",
    focus,
    [
      [
        "Glen Burley",
        [
          "George Eliot Hospital NHS Trust",
          "South Warwickshire University NHS Foundation Trust",
          "Worcestershire Acute Hospitals NHS Trust",
          "Wye Valley NHS Trust",
        ],
      ],
    ],
  ]),
  ...(["uec", "elective"] as const).map((focus) => [
    `east-midlands-${focus}`,
    "Y60",
    "east_midlands",
    focus,
    [
      [
        "Richard Mitchell",
        [
          "University Hospitals of Leicester NHS Trust",
          "University Hospitals of Northamptonshire NHS Group",
        ],
      ],
    ],
  ]),
  ...(["uec", "elective"] as const).map((focus) => [
    `north-east-and-yorkshire-${focus}`,
    "Y63",
    "region",
    focus,
    [
      ["Birju Bartoli", ["Northumbria Healthcare NHS Foundation Trust"]],
      ["Phil Wood", ["Leeds Teaching Hospitals NHS Trust"]],
    ],
  ]),
  [
    "north-west-uec",
    "Y62",
    "region",
    "uec",
    [["Aaron Cummins", ["University Hospitals of Morecambe Bay NHS Foundation Trust"]]],
  ],
  [
    "north-west-elective",
    "Y62",
    "region",
    "elective",
    [["Janelle Holmes", ["Wirral University Teaching Hospital NHS Foundation Trust"]]],
  ],
  [
    "south-east-elective",
    "Y59",
    "region",
    "elective",
    [["Louise Stead", ["Royal Surrey County Hospital NHS Foundation Trust"]]],
  ],
  [
    "south-east-uec",
    "Y59",
    "region",
    "uec",
    [["Miles Scott", ["Maidstone and Tunbridge Wells NHS Trust"]]],
  ],
  ["south-west-uec", "Y58", "region", "uec", [["Peter Lewis", ["Somerset NHS Foundation Trust"]]]],
  [
    "south-west-elective",
    "Y58",
    "region",
    "elective",
    [["Siobhan Harrington", ["University Hospitals Dorset NHS Foundation Trust"]]],
  ],
];

describe("learning and improvement networks", () => {
  it("are the 16 networks of Annex A with their focus and leads", () => {
    expect(networks).toHaveLength(16);
    const actual = networks.map((n) => [
      n.id,
      n.regionCode,
      n.footprint,
      n.focus,
      n.leads.map((l) => [l.name, l.organisations]),
    ]);
    expect(actual).toEqual(expected);
    expect(new Set(networks.map((n) => n.id)).size).toBe(16);
  });

  it("have the annex's number of networks per region", () => {
    const perRegion = Object.fromEntries(
      regions.map((r) => [r.name, networks.filter((n) => n.regionCode === r.regionCode).length]),
    );
    expect(perRegion).toEqual({
      London: 2,
      "South West": 2,
      "South East": 2,
      Midlands: 4,
      "East of England": 2,
      "North West": 2,
      "North East and Yorkshire": 2,
    });
  });

  it("carry the North East and Yorkshire joint-leadership note", () => {
    for (const n of networks.filter((x) => x.regionCode === "Y63")) {
      expect(n.note).toContain(
        "will initially work together to support the mobilisation of both UEC and elective care networks, before confirming ongoing lead arrangements",
      );
    }
  });

  it("split the Midlands: all 11 Midlands ICBs fall in exactly one footprint", () => {
    const midlands = icbs.filter((i) => i.regionCode === "Y60");
    expect(midlands).toHaveLength(11);
    const split = Object.fromEntries(
      midlands.map((i) => [i.icbCode, midlandsFootprintOfIcb(i.icbCode)]),
    );
    expect(split).toEqual({
      QHL: "west_midlands",
      QUA: "west_midlands",
      QWU: "west_midlands",
      QGH: "west_midlands",
      QOC: "west_midlands",
      QNC: "west_midlands",
      QJ2: "east_midlands",
      QK1: "east_midlands",
      QJM: "east_midlands",
      QPM: "east_midlands",
      QT1: "east_midlands",
    });
    for (const i of icbs.filter((x) => x.regionCode !== "Y60"))
      expect(midlandsFootprintOfIcb(i.icbCode)).toBeUndefined();
  });

  it("place every ICB in exactly the networks of its footprint", () => {
    expect(icbs).toHaveLength(42);
    for (const icb of icbs) {
      const member = networks.filter((n) =>
        networkFootprintContains(n, { regionCode: icb.regionCode, icbCode: icb.icbCode }),
      );
      expect(member.length, icb.icbCode).toBe(2);
      expect(new Set(member.map((n) => n.focus))).toEqual(new Set(["uec", "elective"]));
    }
    const wm = networks.find((n) => n.id === "west-midlands-uec")!;
    expect(networkFootprintContains(wm, { regionCode: "Y60", icbCode: "QT1" })).toBe(false);
    expect(networkFootprintContains(wm, { regionCode: "Y60", icbCode: null })).toBe(false);
    expect(networkFootprintContains(networks[0]!, { regionCode: null, icbCode: "QUE" })).toBe(
      false,
    );
  });

  it.skipIf(sharedDataMissing() !== null)(
    "agree with the ICB list and the ODS trust regions in the shared data",
    () => {
      const csv = readFileSync(
        path.join(sharedDataDir, "ods", "icb_names_codes_dec_2024.csv"),
        "utf8",
      );
      const shared = new Set(
        csv
          .trim()
          .split("\n")
          .slice(1)
          .map((line) => /^E54\d+,(Q\w\w),/.exec(line)?.[1]),
      );
      expect(new Set(icbs.map((i) => i.icbCode))).toEqual(shared);
      for (const i of icbs) expect(csv, i.icbCode).toContain(`${i.onsCode},${i.icbCode},`);
      const ref = readFileSync(path.join(sharedDataDir, "derived", "trusts_reference.csv"), "utf8")
        .trim()
        .split("\n")
        .slice(1);
      const regionOf = new Map(icbs.map((i) => [i.icbCode, i.regionCode]));
      for (const line of ref) {
        const cols = line.split(",");
        const region = cols.find((c) => /^Y\d\d$/.test(c));
        const icb = cols.find((c) => /^Q\w\w$/.test(c));
        if (region && icb) expect(regionOf.get(icb), line).toBe(region);
      }
    },
  );
});
