import { describe, expect, it } from "vitest";
import type { AssuranceType, PointType, SpcResult } from "../../../src/stats/spc/index.js";
import { spcChart, spcTakeaway, specialCauseSince } from "../../../src/web/charts/index.js";
import { concernResult, improvingResult, improvingValues } from "./fixtures.js";
import { count, expectWellFormed, normaliseSvg, pathData } from "./svg-helpers.js";
import { textWidth } from "../../../src/web/charts/frame.js";

const percent = { kind: "percent", decimals: 1 } as const;

describe("spcChart snapshots", () => {
  it("improvement with target, trajectory, 2-sigma lines and a data-quality note", async () => {
    const chart = spcChart(improvingResult(), {
      id: "spc-improving",
      title: "A&E 4-hour performance, Demo Trust 1",
      format: percent,
      showNearLimits: true,
      notes: { "2022-08-01": "Provisional: one site did not submit" },
    });
    await expect(normaliseSvg(chart.svg)).toMatchFileSnapshot("__snapshots__/spc-improving.svg");
  });

  it("rebased limits", async () => {
    const chart = spcChart(improvingResult({ rebase: ["2024-01-01"], target: 70 }), {
      id: "spc-rebased",
      title: "Rebased",
      format: percent,
    });
    await expect(normaliseSvg(chart.svg)).toMatchFileSnapshot("__snapshots__/spc-rebased.svg");
  });

  it("a concern point and a missing month", async () => {
    const chart = spcChart(concernResult(), {
      id: "spc-concern",
      title: "Concern",
      format: percent,
    });
    await expect(normaliseSvg(chart.svg)).toMatchFileSnapshot("__snapshots__/spc-concern.svg");
  });
});

describe("spcChart", () => {
  const result = improvingResult();
  const chart = spcChart(result, {
    id: "c1",
    title: 'A&E <4-hour> "performance"',
    format: percent,
    notes: { "2022-03-01": "Estimated & provisional" },
  });

  it("is well-formed, accessible SVG with a title and description", () => {
    expectWellFormed(chart.svg);
    expect(chart.svg).toMatch(/^<svg [^>]*role="img"/);
    expect(chart.svg).toContain('aria-labelledby="c1-title c1-desc"');
    expect(chart.svg).toContain(
      '<title id="c1-title">A&amp;E &lt;4-hour&gt; &quot;performance&quot;</title>',
    );
    const desc = /<desc id="c1-desc">([^<]*)<\/desc>/.exec(chart.svg)?.[1] ?? "";
    expect(desc).toContain(chart.takeaway);
    expect(desc).toContain("36 values from January 2022 to December 2024");
  });

  it("draws one focusable-to-be point per observed value, marked by shape and colour", () => {
    expect(count(chart.svg, /<g class="app-chart__point[ "]/)).toBe(improvingValues.length);
    const byType = (t: PointType) =>
      result.points.filter((p) => p.value !== null && p.pointType === t).length;
    expect(byType("special_cause_improvement")).toBeGreaterThan(0);
    expect(count(chart.svg, /app-chart__marker--improvement/)).toBe(
      byType("special_cause_improvement"),
    );
    expect(count(chart.svg, /app-chart__marker--common/)).toBe(byType("common_cause"));
    // Improvement markers are diamonds (paths), filled MDC blue with a dark outline.
    expect(chart.svg).toMatch(
      /<path class="app-chart__marker app-chart__marker--improvement" d="M[^"]+Z" fill="#41b6e6" stroke="#212b32"/,
    );
    expect(chart.svg).toContain(
      'data-label="December 2024" data-value="82.6%" data-detail="Special cause improvement: above the upper process limit"',
    );
    // Before the shift, the same analysis sees concern (orange squares): a big shift makes every point special.
    expect(count(chart.svg, /app-chart__marker--concern/)).toBe(byType("special_cause_concern"));
    expect(byType("special_cause_concern")).toBe(24);
  });

  it("draws mean, limits, target and trajectory, and labels the target", () => {
    for (const cls of [
      "app-chart__mean",
      "app-chart__limit",
      "app-chart__target",
      "app-chart__trajectory",
      "app-chart__line",
    ]) {
      expect(pathData(chart.svg, cls), cls).toMatch(/^M/);
    }
    expect(chart.svg).toContain(">Target 78%</text>");
    expect(chart.svg).not.toContain("app-chart__near-limit");
    expect(chart.legend.map((l) => l.label)).toEqual([
      "Data",
      "Mean",
      "Process limits",
      "Target 78%",
      "Trajectory",
      "Special cause improvement (blue diamond)",
      "Special cause concern (orange square)",
      "Data quality note (dashed red ring)",
    ]);
  });

  it("rings points with a data-quality note and footnotes them, escaped", () => {
    expect(count(chart.svg, /app-chart__quality/)).toBe(1);
    expect(chart.footnotes).toEqual(["March 2022: Estimated & provisional"]);
    expect(chart.svg).toContain("Note: Estimated &amp; provisional");
  });

  it("thins the month labels and formats the y axis as percentages", () => {
    const found = [
      ...chart.svg.matchAll(
        /<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" fill="#4c6272">([^<]+)<\/text>/g,
      ),
    ];
    const labels = found.map((m) => m[2]);
    // As many as fit with a gap between them (9 across the wide layout's 672-unit plot).
    expect(labels.length).toBeLessThanOrEqual(9);
    const xs = found.map((m) => Number(m[1]));
    for (let i = 1; i < xs.length; i++)
      expect(xs[i]! - xs[i - 1]!).toBeGreaterThan(textWidth("Mar 2024", 12));
    expect(labels[labels.length - 1]).toBe("Dec 2024");
    const ticks = [
      ...chart.svg.matchAll(
        /text-anchor="end" dominant-baseline="middle" fill="#4c6272">([^<]+)</g,
      ),
    ].map((m) => m[1]);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of ticks) expect(t).toMatch(/^\d+\.\d%$/);
  });

  it("breaks the lines between rebase groups", () => {
    const rebased = spcChart(improvingResult({ rebase: ["2024-01-01"] }), {
      id: "r",
      title: "Rebased",
      format: percent,
    });
    expect(count(pathData(rebased.svg, "app-chart__line"), /M/)).toBe(2);
    expect(count(pathData(rebased.svg, "app-chart__mean"), /M/)).toBe(1);
    expect(count(rebased.svg, /class="app-chart__mean"/)).toBe(2);
    expect(count(rebased.svg, /class="app-chart__rebase"/)).toBe(1);
    expect(rebased.legend.map((l) => l.label)).toContain("Limits recalculated (rebase)");
  });

  it("downloads carry the break labels: written under the plot, and each row's phase in the CSV", () => {
    const label =
      "New limits from January 2024: streaming <model> & triage (recorded on 4 December 2026)";
    const rebased = spcChart(improvingResult({ rebase: ["2024-01-01"] }), {
      id: "r",
      title: "Rebased",
      format: percent,
      breakLabels: { "2024-01-01": label },
    });
    const file = rebased.downloadSvg!;
    expectWellFormed(file);
    // The page's drawing is unchanged (the page lists the labels under it); the file says them.
    expect(rebased.svg).not.toContain("app-chart__break-notes");
    const notes = /<g class="app-chart__break-notes">(.*)<\/g>/s.exec(file)![1]!;
    expect(notes).toContain(">1.</text>");
    expect(notes.replace(/<\/text><text[^>]*>/g, " ")).toContain(
      "streaming &lt;model&gt; &amp; triage (recorded on 4 December 2026)",
    );
    const height = (svg: string) => Number(/ height="(\d+)"/.exec(svg)![1]);
    expect(height(file)).toBeGreaterThan(height(rebased.svg) + 30);
    const [head, ...rows] = rebased.csv.trimEnd().split("\r\n");
    expect(head!.endsWith(",note,phase_start,phase_reason")).toBe(true);
    const before = rows.filter((r) => r < "2024-01-01");
    const after = rows.filter((r) => r >= "2024-01-01");
    expect(before.length).toBeGreaterThan(0);
    for (const r of before) expect(r).toMatch(/,2022-01-01,$/);
    for (const r of after)
      expect(r.endsWith(`,2024-01-01,"${label}"`) || r.endsWith(`,2024-01-01,${label}`)).toBe(true);
    // No labels given (other pages' charts): no file of its own, no phase columns.
    const plain = spcChart(improvingResult({ rebase: ["2024-01-01"] }), { id: "p", title: "P" });
    expect(plain.downloadSvg).toBeUndefined();
    expect(plain.csv.split("\r\n")[0]!.endsWith(",note")).toBe(true);
  });

  it("breaks the line at a missing month and leaves it out of the points", () => {
    const c = spcChart(concernResult(), { id: "m", title: "Missing", format: percent });
    expect(count(pathData(c.svg, "app-chart__line"), /M/)).toBe(2);
    expect(count(c.svg, /<g class="app-chart__point[ "]/)).toBe(19);
    expect(count(c.svg, /app-chart__marker--concern/)).toBe(1);
    expect(c.table.rows[11]).toEqual([
      "December 2023",
      "–",
      "59.7%",
      "56.8%",
      "62.6%",
      "95.0%",
      "No data",
    ]);
  });

  it("draws 2-sigma lines on request", () => {
    const c = spcChart(result, { id: "n", title: "Near", format: percent, showNearLimits: true });
    expect(count(c.svg, /class="app-chart__near-limit"/)).toBe(1);
  });

  it("gives the same data as a table and as CSV", () => {
    expect(chart.table.head).toEqual([
      "Period",
      "Value",
      "Mean",
      "Lower process limit",
      "Upper process limit",
      "Target",
      "Trajectory",
      "Variation",
      "Note",
    ]);
    expect(chart.table.rows).toHaveLength(36);
    expect(chart.table.rows[35]?.slice(0, 2)).toEqual(["December 2024", "82.6%"]);
    const lines = chart.csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(37);
    expect(lines[0]).toBe(
      "period,value,numerator,denominator,mean,lower_process_limit,upper_process_limit,lower_2_sigma,upper_2_sigma,target,trajectory,group,point_type,special_cause,note",
    );
    expect(lines[36]).toMatch(
      /^2024-12-01,82\.6,,,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.]+,78,80\.75,1,special_cause_improvement,above_upl,$/,
    );
  });

  it("handles an empty result", () => {
    const empty = spcChart({ ...result, points: [], groups: [] }, { id: "e", title: "Empty" });
    expectWellFormed(empty.svg);
    expect(empty.takeaway).toBe("No data yet");
    expect(empty.table.rows).toEqual([]);
  });
});

describe("spcTakeaway", () => {
  const base = improvingResult();

  function variant(
    variationType: PointType,
    assuranceType: AssuranceType | null,
    target: number | null,
    direction: "increase" | "decrease" | "neutral" = "increase",
  ): SpcResult {
    // The last six points carry the variation type, so "since" is July 2024.
    const points = base.points.map((p, i) => ({
      ...p,
      pointType: i >= 30 ? variationType : ("common_cause" as const),
    }));
    return {
      ...base,
      points,
      options: { ...base.options, target, improvementDirection: direction },
      summary: { ...base.summary, variationType, assuranceType },
    };
  }

  const variations: [PointType, string][] = [
    ["special_cause_improvement", "Special cause improvement since July 2024"],
    ["special_cause_concern", "Special cause concern since July 2024"],
    ["special_cause_neutral_high", "Special cause variation, unusually high since July 2024"],
    ["special_cause_neutral_low", "Special cause variation, unusually low since July 2024"],
    ["common_cause", "Common cause variation"],
  ];
  const assurances: [AssuranceType | null, number | null, string][] = [
    ["consistent_pass", 78, "; consistently passing the 78% target"],
    ["consistent_fail", 95, "; consistently failing the 95% target"],
    ["inconsistent", 92.5, "; the 92.5% target will be hit and miss"],
    [null, null, "; no target"],
  ];
  for (const [v, vText] of variations) {
    for (const [a, target, aText] of assurances) {
      it(`${v} + ${a ?? "no target"}`, () => {
        expect(spcTakeaway(variant(v, a, target), { format: percent })).toBe(`${vText}${aText}`);
      });
    }
  }

  it("says nothing about assurance for a neutral measure", () => {
    expect(
      spcTakeaway(variant("special_cause_neutral_high", null, null, "neutral"), {
        format: percent,
      }),
    ).toBe("Special cause variation, unusually high since July 2024");
  });

  it("reads real analyses end to end", () => {
    expect(spcTakeaway(improvingResult(), { format: percent })).toBe(
      "Special cause improvement since January 2024; the 78% target will be hit and miss",
    );
    expect(
      spcTakeaway(improvingResult({ rebase: ["2024-01-01"], target: 70 }), { format: percent }),
    ).toBe(
      "Common cause variation since the limits were recalculated in January 2024; consistently passing the 70% target",
    );
    expect(
      spcTakeaway(improvingResult({ improvementDirection: "decrease" }), { format: percent }),
    ).toBe("Special cause concern since January 2024; the 78% target will be hit and miss");
    expect(spcTakeaway(concernResult(), { format: percent })).toBe(
      "Common cause variation; consistently failing the 95% target",
    );
    expect(spcTakeaway(concernResult({ target: null }))).toBe("Common cause variation; no target");
  });

  it("formats targets of proportions with the chart's scale", () => {
    const r = variant("common_cause", "inconsistent", 0.78);
    expect(spcTakeaway(r, { format: { kind: "percent", scale: 100 } })).toBe(
      "Common cause variation; the 78% target will be hit and miss",
    );
  });

  it("finds when the current special cause began", () => {
    expect(specialCauseSince(improvingResult())).toBe("2024-01-01");
    expect(specialCauseSince(concernResult())).toBeNull();
  });
});
