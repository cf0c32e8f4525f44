/**
 * Every NHSRplotthedots 0.2.2 reference case in ../shared/spc-cases, through the engine (the same
 * CSV parser as `improve spc`) and through the cases' own comparator with all optional fields.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseSpcCsv } from "../../../src/cli/commands/spc.js";
import { analyseSpc, toPtdJson, type PtdJson } from "../../../src/stats/spc/index.js";
import { spcCasesDir, spcCasesMissing } from "../../support/requirements.js";

interface CaseEntry {
  id: string;
  input: string;
  expected: string;
  options: {
    improvement_direction: "increase" | "decrease" | "neutral";
    target: number | null;
    rebase: string[] | null;
    fix_after_n_points: number | null;
    screen_outliers: boolean;
  };
}

const missing = spcCasesMissing();
const cases: CaseEntry[] = missing
  ? []
  : (
      JSON.parse(readFileSync(path.join(spcCasesDir, "index.json"), "utf8")) as {
        cases: CaseEntry[];
      }
    ).cases;

function run(c: CaseEntry): PtdJson {
  const text = readFileSync(path.join(spcCasesDir, c.input), "utf8");
  const result = analyseSpc(parseSpcCsv(text, c.input), {
    improvementDirection: c.options.improvement_direction,
    target: c.options.target,
    rebase: c.options.rebase,
    fixAfterNPoints: c.options.fix_after_n_points,
    screenOutliers: c.options.screen_outliers,
  });
  return toPtdJson(result);
}

const close = (a: number | null, b: number | null) =>
  (a === null && b === null) ||
  (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

describe.skipIf(missing)("NHSRplotthedots 0.2.2 reference cases", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "spc-cases-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const got = run(c);
    writeFileSync(path.join(dir, `${c.id}.json`), JSON.stringify(got));
    const exp = JSON.parse(readFileSync(path.join(spcCasesDir, c.expected), "utf8")) as {
      points: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    expect(got.points.length).toBe(exp.points.length);
    exp.points.forEach((e, i) => {
      const g = got.points[i]!;
      const where = `${c.id}[${i}] ${g.date}`;
      expect(g.date, where).toBe(e.date);
      for (const [k, ek] of [
        ["mean", "mean"],
        ["lpl", "lpl"],
        ["upl", "upl"],
        ["near_lpl", "near_lpl_derived"],
        ["near_upl", "near_upl_derived"],
        ["relative_to_mean", "relative_to_mean"],
      ] as const) {
        expect(
          close(g[k], (e[ek] as number | null) ?? null),
          `${where} ${k} ${g[k]} vs ${String(e[ek])}`,
        ).toBe(true);
      }
      expect(g.point_type, where).toBe(e.point_type);
      expect(g.special_cause_type, where).toBe(e.special_cause_type);
      expect(g.outside_limits, where).toBe(e.outside_limits);
      expect(g.close_to_limits, where).toBe(e.close_to_limits);
      expect(g.special_cause_flag, where).toBe(e.special_cause_flag);
    });
    expect(got.summary.variation_type).toBe(exp.summary.variation_type);
    expect(got.summary.variation_icon).toBe(exp.summary.variation_icon);
    expect(got.summary.assurance_type).toBe(exp.summary.assurance_type ?? null);
    expect(got.summary.assurance_icon).toBe(exp.summary.assurance_icon ?? null);
    expect(got.summary.short_group_warning).toBe(exp.summary.short_group_warning);
  });

  it("passes the cases' own comparator with every optional field (0 failed)", () => {
    for (const c of cases) writeFileSync(path.join(dir, `${c.id}.json`), JSON.stringify(run(c)));
    const r = spawnSync(
      process.execPath,
      [path.join(spcCasesDir, "compare.mjs"), "--candidate", dir, "--include-optional"],
      {
        encoding: "utf8",
      },
    );
    expect(r.stdout).toMatch(new RegExp(`${cases.length} passed, 0 failed`));
    expect(r.status, r.stdout).toBe(0);
  });
});
