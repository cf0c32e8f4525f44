/**
 * Reference publications (issue 12, item 3; decision 0010), their traps each pinned on small
 * fictional files in the published layouts:
 * - kinds: a trust type wins over activity and the name, whichever is imported first, and a
 *   re-imported ODS list does not undo it (Northern Care Alliance, RM3, is acute though its name
 *   says mental health); activity applies only where no type is held (a trust named like an
 *   acute trust with only mental illness beds, as G6V2S, is a mental health trust); a trust with
 *   neither keeps its name's kind; a type row that disappears gives the kind back to activity or
 *   the name; a code first seen in a values file takes the table's name;
 * - the children's trusts whose sources disagree (RBS, RCU, RQ3): specialist acute, disagreement kept;
 * - the Isle of Wight's sectors (R1F1, R1F2): sectors of R1F, typing nothing;
 * - successions: a clean merger gives the successor; a split (QJG, QNQ) and a partial succession
 *   (RW6 → RM3) do not, and the history lists them with their dates;
 * - Peer Finder groups: one per trust, closed trusts kept, usable as a peer group;
 * - bad rows refused with file, line, column and value.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { createDirectoryStore } from "../../src/storage/directory-store.js";
import { groupMembersSql } from "../../src/storage/repositories/groups.js";
import { seedReference } from "../../src/storage/reference.js";
import { parseGroupRef } from "../../src/metrics/group-ref.js";
import { sql } from "kysely";
import { testDatabase, type TestDatabase } from "../support/db.js";

/** An ODS `etr` row: code, name, close date (yyyymmdd or empty). */
const odsRow = (code: string, name: string, close = "") =>
  `"${code}","${name}","Y56","QMF","1 HIGH STREET","","","LONDON","","E1 1AA","20000401","${close}","","","","","","","","","","1","","A","","",""\n`;

const TYPES_HEADER =
  '"org_code","org_name","trust_type","nof_2025_trust_subtype","nss24_benchmarking_group","type_sources","types_disagree","in_etr","etr_open_date","etr_close_date"\n';
const typeRow = (code: string, name: string, type: string, subtype = "", disagree = "") =>
  `"${code}","${name}","${type}","${subtype}","","nss24","${disagree}","Y","20000401",""\n`;

const SUCCESSIONS_HEADER =
  '"org_level","predecessor_code","successor_code","effective_date","source","note"\n';

describe("reference publications", () => {
  let t: TestDatabase;
  let dir = "";
  let n = 0;

  /** Writes `text` to a new file and imports it. */
  async function load(text: string) {
    const file = path.join(dir, `file-${++n}.csv`);
    await fs.writeFile(file, text);
    return importFile(t, file);
  }

  async function kindOf(code: string) {
    return t.db
      .selectFrom("organisations")
      .select(["kind", "subtype", "kind_source", "successor_code"])
      .where("org_code", "=", code)
      .executeTakeFirst();
  }

  async function problemOf(text: string) {
    const error = await load(text).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems[0];
  }

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-reference-"));
  });
  afterAll(async () => {
    await t?.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  describe("kinds", () => {
    beforeAll(async () => {
      // Types first, organisations after: the order of imports must not matter.
      await load(
        TYPES_HEADER +
          typeRow("ZR001", "ZED CARE PARTNERSHIP NHS TRUST", "community") +
          typeRow(
            "ZR002",
            "ZED CHILDREN'S NHS FOUNDATION TRUST",
            "acute_specialist",
            "Acute - Specialist",
            "Y",
          ) +
          typeRow("ZR003", "ISLE OF ZED NHS TRUST", "acute", "Acute - Multi-Service") +
          typeRow("ZR0031", "ISLE OF ZED NHS TRUST (ACUTE SECTOR)", "acute") +
          typeRow("ZR0032", "ISLE OF ZED NHS TRUST (AMBULANCE SECTOR)", "ambulance") +
          typeRow("ZR005", "ZED MENTAL HEALTH NHS TRUST", "mental_health_learning_disability") +
          typeRow(
            "ZR008",
            "NORTHERN ZED CARE ALLIANCE NHS FOUNDATION TRUST",
            "acute",
            "Acute - Teaching",
          ) +
          typeRow(
            "ZR009",
            "ZED AND ELSEWHERE NHS FOUNDATION TRUST",
            "mental_health_learning_disability",
          ),
      );
      await load(
        odsRow("ZR001", "ZED CARE PARTNERSHIP NHS TRUST") +
          odsRow("ZR002", "ZED CHILDREN'S NHS FOUNDATION TRUST") +
          odsRow("ZR003", "ISLE OF ZED NHS TRUST") +
          odsRow("ZR004", "NORTH ZED INTEGRATED CARE NHS FOUNDATION TRUST") +
          odsRow("ZR005", "ZED MENTAL HEALTH NHS TRUST") +
          odsRow("ZR006", "NORTH ZED NHS FOUNDATION TRUST") +
          odsRow("ZR007", "SOUTH ZED NHS FOUNDATION TRUST") +
          odsRow("ZR008", "NORTHERN ZED CARE ALLIANCE NHS FOUNDATION TRUST"),
      );
      // Type 1 A&E attendances at ZR001 (typed community) and ZR004 (no type, named "Care"), from
      // a publication (activity in an upload is no evidence: metrics/sources.ts OWN_DATA_SOURCES).
      const ae = (code: string) =>
        `"2024-01-01","${code}","A TRUST","NHS ENGLAND NORTH WEST",900,0,900,0,0,0,0,0,0,"Monthly-AE-January-2024.csv"\n`;
      await load(
        '"period","org_code","org_name","parent_org","attendances_all_types","attendances_over_4h","attendances_type1","attendances_over_4h_type1","booked_attendances_all_types","dta_4_to_12h","dta_over_12h","emergency_admissions_via_ae","other_emergency_admissions","source_file"\n' +
          ae("ZR001") +
          ae("ZR004") +
          ae("ZR0031"),
      );
      // Only mental illness beds at ZR007 (named like an acute trust, no type: as G6V2S), and
      // at ZR009, which no organisation list holds (as the care trust TAF in KH03).
      const beds = (code: string, available: number, occupied: number) =>
        `"2024-25","June","Y62","${code}","A TRUST",${available},${occupied},0,0,0,0,0,0,${available},${occupied},"Beds-Q1-2024-25.xlsx"\n`;
      await load(
        '"financial_year","quarter_end_month","region_code","org_code","org_name","available_total","occupied_total","available_general_acute","occupied_general_acute","available_learning_disabilities","occupied_learning_disabilities","available_maternity","occupied_maternity","available_mental_illness","occupied_mental_illness","source_file"\n' +
          beds("ZR007", 100, 90) +
          beds("ZR009", 50, 45),
      );
    });

    it("takes a trust's kind from its type, over its activity and its name", async () => {
      expect(await kindOf("ZR001")).toMatchObject({
        kind: "community_trust",
        subtype: null,
        kind_source: "trust_types",
      });
      expect(await kindOf("ZR005")).toMatchObject({
        kind: "mental_health_trust",
        kind_source: "trust_types",
      });
    });

    it("takes Northern Care Alliance's kind (RM3) from its type: acute, though its name says mental health", async () => {
      expect(await kindOf("ZR008")).toMatchObject({
        kind: "acute_trust",
        subtype: "teaching",
        kind_source: "trust_types",
      });
    });

    it("classifies from activity only where no type is held", async () => {
      expect(await kindOf("ZR004")).toMatchObject({ kind: "acute_trust", kind_source: "activity" });
      // Named like an acute trust, with only mental illness beds (G6V2S).
      expect(await kindOf("ZR007")).toMatchObject({
        kind: "mental_health_trust",
        kind_source: "activity",
      });
    });

    it("names a code first seen in a values file as the table does (TAF)", async () => {
      const org = await t.db
        .selectFrom("organisations")
        .select(["name", "kind", "kind_source"])
        .where("org_code", "=", "ZR009")
        .executeTakeFirstOrThrow();
      expect(org).toEqual({
        name: "Zed and Elsewhere NHS Foundation Trust",
        kind: "mental_health_trust",
        kind_source: "trust_types",
      });
    });

    it("keeps the name's kind for a trust with neither a type nor telling activity", async () => {
      expect(await kindOf("ZR006")).toMatchObject({
        kind: "acute_trust",
        subtype: null,
        kind_source: "name",
      });
    });

    it("makes a specialist acute trust an acute trust of subtype specialist, keeping the disagreement (RBS, RCU, RQ3)", async () => {
      expect(await kindOf("ZR002")).toMatchObject({ kind: "acute_trust", subtype: "specialist" });
      const row = await t.db
        .selectFrom("trust_types")
        .select(["published_type", "types_disagree"])
        .where("org_code", "=", "ZR002")
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ published_type: "acute_specialist", types_disagree: true });
    });

    it("keeps the Isle of Wight's sectors apart: they type no organisation (R1F1, R1F2)", async () => {
      expect(await kindOf("ZR003")).toMatchObject({
        kind: "acute_trust",
        subtype: "multi_service",
      });
      // ZR0031 came in as a values file's code: an unlisted provider, not an acute trust.
      expect(await kindOf("ZR0031")).toMatchObject({
        kind: "unlisted_provider",
        kind_source: "list",
      });
      const reference = await createDirectoryStore(t.db).organisationReference("ZR003");
      expect(reference.trustType?.sectors.map((s) => [s.orgCode, s.publishedType])).toEqual([
        ["ZR0031", "acute"],
        ["ZR0032", "ambulance"],
      ]);
    });

    it("is not undone by importing the organisation list again", async () => {
      await load(
        odsRow("ZR001", "ZED CARE PARTNERSHIP NHS TRUST") +
          odsRow("ZR002", "ZED CHILDREN'S NHS FOUNDATION TRUST"),
      );
      expect(await kindOf("ZR001")).toMatchObject({
        kind: "community_trust",
        kind_source: "trust_types",
      });
      expect(await kindOf("ZR002")).toMatchObject({ kind: "acute_trust", subtype: "specialist" });
    });

    it("gives the kind back to activity or the name when a later table drops the trust", async () => {
      const report = await load(
        TYPES_HEADER +
          typeRow("ZR003", "ISLE OF ZED NHS TRUST", "acute", "Acute - Multi-Service") +
          typeRow("ZR005", "ZED MENTAL HEALTH NHS TRUST", "mental_health_learning_disability"),
      );
      // ZR001 has type 1 attendances, and is named like a mental health trust: acute by activity.
      expect(await kindOf("ZR001")).toMatchObject({ kind: "acute_trust", kind_source: "activity" });
      expect(await kindOf("ZR002")).toMatchObject({
        kind: "acute_trust",
        subtype: null,
        kind_source: "name",
      });
      expect(
        report.quality?.kindsChanged.map((c) => [c.orgCode, c.from, c.to, c.kindSource]),
      ).toEqual([
        ["ZR001", "community_trust", "acute_trust", "activity"],
        ["ZR002", "acute_trust", "acute_trust", "name"],
        // Without its row, the name's guess: the misclassification the table corrects.
        ["ZR008", "acute_trust", "mental_health_trust", "name"],
        // Not in an organisation list: an unlisted provider again.
        ["ZR009", "mental_health_trust", "unlisted_provider", "list"],
      ]);
    });

    it("refuses a row whose type contradicts its subtype, an unknown type or subtype, and a code twice", async () => {
      expect(
        await problemOf(
          TYPES_HEADER + typeRow("ZR009", "ZED NHS TRUST", "acute", "Acute - Specialist"),
        ),
      ).toMatchObject({ line: 2, column: "trust_type", value: "acute" });
      expect(
        await problemOf(
          TYPES_HEADER + typeRow("ZR009", "ZED NHS TRUST", "community", "Acute - Small"),
        ),
      ).toMatchObject({ line: 2, column: "trust_type", value: "community" });
      expect(
        await problemOf(TYPES_HEADER + typeRow("ZR009", "ZED NHS TRUST", "hospice")),
      ).toMatchObject({
        line: 2,
        column: "trust_type",
        value: "hospice",
      });
      expect(
        await problemOf(TYPES_HEADER + typeRow("ZR009", "ZED NHS TRUST", "acute", "Acute - Huge")),
      ).toMatchObject({ column: "nof_2025_trust_subtype", value: "Acute - Huge" });
      expect(
        await problemOf(
          TYPES_HEADER +
            typeRow("ZR009", "ZED NHS TRUST", "acute") +
            typeRow("ZR009", "ZED NHS TRUST", "acute"),
        ),
      ).toMatchObject({
        line: 3,
        column: "org_code",
        reason: expect.stringContaining("lines 2, 3"),
      });
      expect(
        await problemOf(TYPES_HEADER + typeRow("ZR009", "ZED NHS TRUST", "acute", "", "N")),
      ).toMatchObject({ column: "types_disagree", value: "N" });
    });
  });

  describe("successions", () => {
    beforeAll(async () => {
      await load(
        odsRow("ZS001", "OLD ZED HOSPITALS NHS TRUST", "20200331") +
          odsRow("ZS002", "NEW ZED HOSPITALS NHS TRUST") +
          odsRow("ZS003", "PENNINE ZED NHS TRUST", "20210930") +
          odsRow("ZS004", "NORTHERN ZED ALLIANCE NHS FOUNDATION TRUST"),
      );
      await load(
        SUCCESSIONS_HEADER +
          '"trust","ZS001","ZS002","2020-04-01","x","effective date = day after predecessor\'s etr close date"\n' +
          '"trust","ZS003","ZS004","2021-10-01","x","partial: Pennine Zed was split"\n' +
          '"icb","ZQ1","ZQ9","2026-04-01","x","successor: North Zed ICB (predecessor split between more than one successor)"\n' +
          '"icb","ZQ1","ZQ8","2026-04-01","x","successor: South Zed ICB (predecessor split between more than one successor)"\n',
      );
    });

    it("links a clean merger's predecessor to its successor", async () => {
      expect((await kindOf("ZS001"))?.successor_code).toBe("ZS002");
    });

    it("gives no single successor to a partial succession (RW6 → RM3) or a split (QJG, QNQ)", async () => {
      expect((await kindOf("ZS003"))?.successor_code).toBeNull();
      const store = createDirectoryStore(t.db);
      const pennine = await store.organisationReference("ZS003");
      expect(pennine.successors).toEqual([
        {
          orgCode: "ZS004",
          name: "Northern Zed Alliance NHS Foundation Trust",
          kind: "acute_trust",
          effectiveDate: "2021-10-01",
          partial: true,
          split: false,
          note: "partial: Pennine Zed was split",
        },
      ]);
      const split = await store.organisationReference("ZQ1");
      expect(split.successors.map((s) => [s.orgCode, s.name, s.kind, s.split])).toEqual([
        ["ZQ8", "South Zed ICB", null, true],
        ["ZQ9", "North Zed ICB", null, true],
      ]);
    });

    it("lists a successor's predecessors with their dates", async () => {
      const reference = await createDirectoryStore(t.db).organisationReference("ZS002");
      expect(reference.predecessors.map((p) => [p.orgCode, p.name, p.effectiveDate])).toEqual([
        ["ZS001", "Old Zed Hospitals NHS Trust", "2020-04-01"],
      ]);
    });

    it("refuses an organisation as its own successor, the same link twice and an unknown level", async () => {
      expect(
        await problemOf(SUCCESSIONS_HEADER + '"trust","ZS001","ZS001","2020-04-01","x",""\n'),
      ).toMatchObject({ line: 2, column: "successor_code", value: "ZS001" });
      expect(
        await problemOf(
          SUCCESSIONS_HEADER +
            '"trust","ZS001","ZS002","2020-04-01","x",""\n"trust","ZS001","ZS002","2020-04-01","x",""\n',
        ),
      ).toMatchObject({ line: 3, reason: expect.stringContaining("lines 2, 3") });
      expect(
        await problemOf(SUCCESSIONS_HEADER + '"ccg","ZS001","ZS002","2020-04-01","x",""\n'),
      ).toMatchObject({ line: 2, column: "org_level", value: "ccg" });
    });
  });

  describe("Peer Finder groups", () => {
    beforeAll(async () => {
      await load(
        odsRow("ZP001", "ZED GENERAL NHS TRUST") +
          odsRow("ZP002", "ZED ROYAL NHS TRUST") +
          odsRow("ZP003", "OLD ZED NHS TRUST", "20240930"),
      );
      await load("procode,peer\nZP001,ZP001\nZP001,ZP002\nZP001,ZP003\nZP001,ZP009\nZP003,ZP001\n");
    });

    it("makes one group per trust, named after it, keeping closed trusts and unknown codes", async () => {
      const reference = await createDirectoryStore(t.db).organisationReference("ZP001");
      expect(reference.peerFinder).toEqual({
        peerGroupId: "peer-finder-ZP001",
        name: "Zed General NHS Trust's Peer Finder group",
        members: 4,
        closedMembers: ["ZP003"],
        includesItself: true,
      });
      expect((await kindOf("ZP009"))?.kind).toBe("unlisted_provider");
      // The closed trust's own group, as published (without itself).
      const closed = await createDirectoryStore(t.db).organisationReference("ZP003");
      expect(closed.peerFinder).toMatchObject({ members: 1, includesItself: false });
    });

    it("is a peer group like any other: `peer-finder-<code>` names its members", async () => {
      const members = await groupMembersSql(t.db, parseGroupRef("peer-finder-ZP001"));
      const { rows } = await sql<{
        org_code: string;
      }>`SELECT org_code FROM (${members}) m ORDER BY 1`.execute(t.db);
      expect(rows.map((r) => r.org_code)).toEqual(["ZP001", "ZP002", "ZP003", "ZP009"]);
    });

    it("renames a group when the organisation list names its trust", async () => {
      await load(odsRow("ZP001", "ZED GENERAL HOSPITALS NHS FOUNDATION TRUST"));
      const g = await t.db
        .selectFrom("peer_groups")
        .select("name")
        .where("peer_group_id", "=", "peer-finder-ZP001")
        .executeTakeFirstOrThrow();
      expect(g.name).toBe("Zed General Hospitals NHS Foundation Trust's Peer Finder group");
    });

    it("refuses the same trust and peer twice", async () => {
      expect(await problemOf("procode,peer\nZP001,ZP002\nZP001,ZP002\n")).toMatchObject({
        line: 3,
        column: "peer",
      });
    });
  });
});
