import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAllCapitals, organisationName } from "../../src/metrics/org-names.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";

/**
 * Real ODS names (etr.csv, eccg.csv) and, beside each, the name as NHS.UK writes it, checked by
 * hand. Fictional inputs are marked.
 */
const pairs: [string, string][] = [
  [
    "UNIVERSITY HOSPITALS DORSET NHS FOUNDATION TRUST",
    "University Hospitals Dorset NHS Foundation Trust",
  ],
  ["GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"],
  ["NHS NORTH EAST LONDON INTEGRATED CARE BOARD", "NHS North East London Integrated Care Board"],
  [
    "EAST SUFFOLK AND NORTH ESSEX NHS FOUNDATION TRUST",
    "East Suffolk and North Essex NHS Foundation Trust",
  ],
  [
    "BARKING, HAVERING AND REDBRIDGE UNIVERSITY HOSPITALS NHS TRUST",
    "Barking, Havering and Redbridge University Hospitals NHS Trust",
  ],
  ["KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST", "King's College Hospital NHS Foundation Trust"],
  [
    "THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST",
    "The Newcastle upon Tyne Hospitals NHS Foundation Trust",
  ],
  [
    "THE QUEEN ELIZABETH HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST",
    "The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust",
  ],
  [
    "UNIVERSITY HOSPITALS OF MORECAMBE BAY NHS FOUNDATION TRUST",
    "University Hospitals of Morecambe Bay NHS Foundation Trust",
  ],
  ["ISLE OF WIGHT NHS TRUST", "Isle of Wight NHS Trust"],
  [
    "ROYAL NATIONAL HOSPITAL FOR RHEUMATIC DISEASES NHS FOUNDATION TRUST",
    "Royal National Hospital for Rheumatic Diseases NHS Foundation Trust",
  ],
  [
    "GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST",
    "Great Ormond Street Hospital for Children NHS Foundation Trust",
  ],
  [
    "BIRMINGHAM WOMEN'S AND CHILDREN'S NHS FOUNDATION TRUST",
    "Birmingham Women's and Children's NHS Foundation Trust",
  ],
  [
    "ROYAL BROMPTON & HAREFIELD NHS FOUNDATION TRUST",
    "Royal Brompton & Harefield NHS Foundation Trust",
  ],
  [
    "TEES, ESK AND WEAR VALLEYS NHS FOUNDATION TRUST",
    "Tees, Esk and Wear Valleys NHS Foundation Trust",
  ],
  [
    "CUMBRIA, NORTHUMBERLAND, TYNE AND WEAR NHS FOUNDATION TRUST",
    "Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust",
  ],
  [
    "SOUTH WEST LONDON AND ST GEORGE'S MENTAL HEALTH NHS TRUST",
    "South West London and St George's Mental Health NHS Trust",
  ],
  ["EAST OF ENGLAND AMBULANCE SERVICE NHS TRUST", "East of England Ambulance Service NHS Trust"],
  [
    "STAFFORDSHIRE AND STOKE ON TRENT PARTNERSHIP NHS TRUST",
    "Staffordshire and Stoke on Trent Partnership NHS Trust",
  ],
  ["NHS HARTLEPOOL AND STOCKTON-ON-TEES CCG", "NHS Hartlepool and Stockton-on-Tees CCG"],
  [
    "NHS STAFFORDSHIRE AND STOKE-ON-TRENT ICB - 05D",
    "NHS Staffordshire and Stoke-on-Trent ICB - 05D",
  ],
  [
    "NHS BEDFORDSHIRE, LUTON AND MILTON KEYNES ICB - M1J4Y",
    "NHS Bedfordshire, Luton and Milton Keynes ICB - M1J4Y",
  ],
  ["NEWHAM - SUB-ICB REPORTING ENTITY", "Newham - Sub-ICB Reporting Entity"],
  ["SOUTH WEST - H&J COMMISSIONING HUB", "South West - H&J Commissioning Hub"],
  ["NHS CENTRAL LONDON (WESTMINSTER) CCG", "NHS Central London (Westminster) CCG"],
  ["THE ROYAL MARSDEN NHS FOUNDATION TRUST", "The Royal Marsden NHS Foundation Trust"],
  [
    "THE CLATTERBRIDGE CANCER CENTRE NHS FOUNDATION TRUST",
    "The Clatterbridge Cancer Centre NHS Foundation Trust",
  ],
  [
    "COUNTESS OF CHESTER HOSPITAL NHS FOUNDATION TRUST",
    "Countess of Chester Hospital NHS Foundation Trust",
  ],
  [
    "ASHFORD AND ST PETER'S HOSPITALS NHS FOUNDATION TRUST",
    "Ashford and St Peter's Hospitals NHS Foundation Trust",
  ],
  [
    "SOUTH OF TYNE AND WEARSIDE MENTAL HEALTH NHS TRUST",
    "South of Tyne and Wearside Mental Health NHS Trust",
  ],
  [
    "WEST MIDLANDS AMBULANCE SERVICE UNIVERSITY NHS FOUNDATION TRUST",
    "West Midlands Ambulance Service University NHS Foundation Trust",
  ],
  ["ST MARY'S NHS TRUST", "St Mary's NHS Trust"],
  ["QUEEN MARY'S SIDCUP NHS TRUST", "Queen Mary's Sidcup NHS Trust"],
  ["MANCHESTER UNIVERSITY NHS FOUNDATION TRUST", "Manchester University NHS Foundation Trust"],
  ["NATIONAL COMMISSIONING HUB 2", "National Commissioning Hub 2"],
  // An address line of etr.csv: "St." keeps its dot.
  ["4 ST. PANCRAS WAY", "4 St. Pancras Way"],
  // Fictional or historical inputs for the rules the lists do not exercise.
  ["2GETHER NHS FOUNDATION TRUST", "2gether NHS Foundation Trust"],
  ["WESTON-SUPER-MARE COMMUNITY HOSPITAL", "Weston-super-Mare Community Hospital"],
  ["CHESTER-LE-STREET HEALTH CENTRE", "Chester-le-Street Health Centre"],
  ["O'NEILL HOUSE SURGERY", "O'Neill House Surgery"],
  ["HENRY VIII MEDICAL CENTRE", "Henry VIII Medical Centre"],
  ["NHSE 1ST FLOOR, UK HOUSE", "NHSE 1st Floor, UK House"],
  // Mc and Mac: simple title case, since no rule is sure of them.
  ["MCMILLAN AND MACDONALD PRACTICE", "Mcmillan and Macdonald Practice"],
];

describe("organisation names as NHS.UK writes them", () => {
  it.each(pairs)("%s", (published, expected) => {
    expect(organisationName(published)).toBe(expected);
  });

  it("keeps a name that has any lower-case letter as its publisher wrote it", () => {
    for (const name of [
      "NHS North East London Integrated Care Board",
      "Anonymised hospital (autospc)",
      "Barts and The London NHS Trust",
      "East of England",
    ])
      expect(organisationName(name)).toBe(name);
  });

  it("changes only the case of letters, and converting twice changes nothing more", () => {
    const word = fc.stringMatching(/^[A-Z0-9'&.]{1,10}$/);
    const name = fc
      .array(fc.tuple(word, fc.constantFrom(" ", "-", ", ", " - ", "/")), {
        minLength: 1,
        maxLength: 8,
      })
      .map((parts) => parts.map(([w, sep]) => w + sep).join(""));
    fc.assert(
      fc.property(name, (published) => {
        const out = organisationName(published);
        expect(out.toLowerCase()).toBe(published.toLowerCase());
        expect(organisationName(out)).toBe(out);
      }),
    );
  });

  it("knows a name wholly in capitals", () => {
    expect(isAllCapitals("NHS ENGLAND")).toBe(true);
    expect(isAllCapitals("NHS England")).toBe(false);
    expect(isAllCapitals("70F")).toBe(true);
    expect(isAllCapitals("123")).toBe(false);
  });

  it.skipIf(sharedDataMissing() !== null)(
    "leaves no word of a real ODS name in capitals but acronyms, H&J and codes",
    () => {
      const names = ["etr.csv", "eccg.csv"].flatMap((file) =>
        readFileSync(path.join(sharedDataDir, "ods", file), "utf8")
          .split("\n")
          .map((line) => /^"[^"]*","([^"]*)"/.exec(line)?.[1])
          .filter((n): n is string => n !== undefined),
      );
      expect(names.length).toBeGreaterThan(500);
      const capitalWords = new Set<string>();
      for (const published of names) {
        const name = organisationName(published);
        expect(name.toLowerCase()).toBe(published.toLowerCase());
        expect(isAllCapitals(name), name).toBe(false);
        for (const w of name.match(/[\p{L}\p{N}&]+/gu) ?? [])
          if (w.length > 1 && isAllCapitals(w) && !/\d/.test(w)) capitalWords.add(w);
      }
      expect([...capitalWords].sort()).toEqual(["CCG", "H&J", "ICB", "NHS"]);
    },
  );
});
