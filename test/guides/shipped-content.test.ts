// The guides and maturity matrices the repository ships (content/): every file is valid, in the
// canonical form the serialiser writes (so an export of a published version is the file itself),
// tracks only metrics the hub knows, and imports; version 1.1 of the UEC guide answers feedback.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMatrixFolder } from "../../src/assessments/matrix-folder.js";
import { projectRoot } from "../../src/config.js";
import { diffVersions } from "../../src/guides/diff.js";
import { parseGuideFile, serialiseGuideFile } from "../../src/guides/guide-file.js";
import { readGuideFolder } from "../../src/guides/guide-folder.js";
import { importGuideFolder } from "../../src/guides/import.js";
import { isTrackableMetricId } from "../../src/metrics/catalogue/index.js";
import { composeServices } from "../../src/web/compose.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const guidesDir = path.join(projectRoot, "content", "guides");
const files = readdirSync(guidesDir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".md"))
  .sort();

describe("shipped guides", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await testDatabase();
  });
  afterAll(async () => t.drop());

  it.each(files)("%s is valid and canonical", (file) => {
    const text = readFileSync(path.join(guidesDir, file), "utf8");
    const v = parseGuideFile(text, file);
    expect(serialiseGuideFile(v)).toBe(text);
    expect(v.measures.filter((m) => !isTrackableMetricId(m.metricId))).toEqual([]);
    expect(v.sections.reduce((n, s) => n + s.changeIdeas.length, 0)).toBeGreaterThanOrEqual(8);
  });

  it("ships three guides at 1.0 and a 1.1 of the UEC guide that answers feedback", async () => {
    const entries = await readGuideFolder(guidesDir);
    expect(entries.map((e) => [e.guideId, e.versions.map((v) => v.version)])).toEqual([
      ["outpatients", ["1.0"]],
      ["theatres-perioperative", ["1.0"]],
      ["uec-acute-flow", ["1.0", "1.1"]],
    ]);
    const uec = entries.find((e) => e.guideId === "uec-acute-flow")!;
    const [v10, v11] = uec.versions as [
      NonNullable<(typeof uec.versions)[0]>,
      NonNullable<(typeof uec.versions)[1]>,
    ];
    expect(v11.changelog.flatMap((c) => c.answers)).toEqual(
      expect.arrayContaining(["UEC-FB-001", "UEC-FB-002", "UEC-FB-003", "UEC-FB-004"]),
    );
    const d = diffVersions(v10, v11);
    expect(d.counts.ideasAdded).toBeGreaterThanOrEqual(1);
    expect(d.counts.ideasChanged).toBeGreaterThanOrEqual(2);
    expect(uec.sampleFeedback?.length).toBe(6);
  });

  it("imports into an empty hub with its sample feedback, once", async () => {
    const { guides, guideFeedback } = composeServices({ db: t.db });
    const deps = { guides, sampleFeedback: guideFeedback.importSample };
    const operator = { kind: "operator", label: "test" } as const;
    const first = await importGuideFolder(deps, guidesDir, operator);
    expect(first.published).toHaveLength(files.length);
    expect(first.sampleFeedback).toBe(6);
    const again = await importGuideFolder(deps, guidesDir, operator);
    expect(again).toMatchObject({ published: [], unchanged: files.length, sampleFeedback: 0 });
  });

  it("ships the UEC and NHS IMPACT maturity matrices", () => {
    const matrices = readMatrixFolder(path.join(projectRoot, "content", "assessments"));
    expect(matrices.map((m) => [m.id, m.rows.length])).toEqual(
      expect.arrayContaining([
        ["nhs-impact-maturity", 5],
        ["uec-acute-flow-maturity", 8],
      ]),
    );
  });
});
