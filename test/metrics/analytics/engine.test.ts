/**
 * The analytics service over synthetic demo data in a real PostgreSQL database: every result is
 * checked against numbers recomputed here directly from the stored values.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalyticsService, type AnalyticsService } from "../../../src/metrics/service.js";
import { createAnalyticsStore } from "../../../src/storage/analytics-store.js";
import { createCustomPeerGroup } from "../../../src/storage/repositories/peer-groups.js";
import { quantileSorted } from "../../../src/stats/quantile.js";
import { wilsonLimits } from "../../../src/stats/intervals.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";

let t: TestDatabase;
let service: AnalyticsService;

interface Row {
  org_code: string;
  kind: string;
  region_code: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

async function valuesAt(metricId: string, period: string): Promise<Row[]> {
  const { rows } = await t.pool.query<Row>(
    `SELECT v.org_code, o.kind, o.region_code, v.numerator, v.denominator, v.value
     FROM metric_values v JOIN organisations o USING (org_code)
     WHERE v.metric_id = $1 AND v.period_start = $2 AND v.period_type = 'month' ORDER BY v.org_code`,
    [metricId, period],
  );
  return rows;
}

async function acuteTrusts(): Promise<string[]> {
  const { rows } = await t.pool.query<{ org_code: string }>(
    "SELECT org_code FROM organisations WHERE kind = 'acute_trust' ORDER BY org_code",
  );
  return rows.map((r) => r.org_code);
}

beforeAll(async () => {
  t = await demoDatabase({ orgs: 40, months: 36, seed: 11 });
  service = createAnalyticsService(createAnalyticsStore(t));
});
afterAll(async () => t?.drop());

describe("analytics service on demo data", () => {
  it("precomputes every metric and organisation", async () => {
    const report = await service.precomputeAll();
    expect(report.metrics).toBeGreaterThan(20);
    expect(report.organisations).toBeGreaterThan(30);
    expect(report.points).toBeGreaterThan(report.series * 20);
  });

  it("compares with England, the region, the peer median and the target from the stored values", async () => {
    const r = await service.compare("ZZ001", "ae_4hr_all");
    const rows = await valuesAt("ae_4hr_all", r.period);
    const providers = rows.filter((x) => x.numerator !== null && x.denominator !== null);
    const num = providers.reduce((s, x) => s + x.numerator!, 0);
    const den = providers.reduce((s, x) => s + x.denominator!, 0);
    expect(r.england?.numerator).toBeCloseTo(num, 6);
    expect(r.england?.denominator).toBeCloseTo(den, 6);
    expect(r.england?.value).toBeCloseTo((num / den) * 100, 9);
    const region = providers.filter((x) => x.region_code === r.organisation.regionCode);
    const rNum = region.reduce((s, x) => s + x.numerator!, 0);
    const rDen = region.reduce((s, x) => s + x.denominator!, 0);
    expect(r.region?.value).toBeCloseTo((rNum / rDen) * 100, 9);
    // Peers: all acute trusts; type 7 median of their values.
    const acute = rows
      .filter((x) => x.kind === "acute_trust" && x.value !== null)
      .map((x) => x.value!)
      .sort((a, b) => a - b);
    expect(r.distribution.reporting).toBe(acute.length);
    expect(r.distribution.median).toBeCloseTo(quantileSorted(acute, 0.5), 12);
    expect(r.distribution.q1).toBeCloseTo(quantileSorted(acute, 0.25), 12);
    expect(r.distribution.min).toBe(acute[0]);
    expect(r.distribution.max).toBe(acute[acute.length - 1]);
    // The organisation's own Wilson interval, and the outcome decided by it.
    const own = rows.find((x) => x.org_code === "ZZ001")!;
    const w = wilsonLimits(own.numerator!, own.denominator!, 1.959964);
    expect(r.value.ci95?.lower).toBeCloseTo(w.lower * 100, 9);
    expect(r.value.ci95?.upper).toBeCloseTo(w.upper * 100, 9);
    // Against England the interval is the Wilson interval, widened by the peers' τ where they
    // are overdispersed (the demo's trusts differ by more than chance), and decides the outcome.
    const vsEngland = r.comparisons.find((c) => c.benchmark.kind === "england")!;
    const judged = vsEngland.interval!;
    expect(judged.lower).toBeLessThanOrEqual(w.lower * 100 + 1e-9);
    expect(judged.upper).toBeGreaterThanOrEqual(w.upper * 100 - 1e-9);
    if (judged.lower < w.lower * 100 - 1e-9) expect(vsEngland.text).toMatch(/widened/);
    const expected =
      judged.upper < r.england!.value!
        ? "worse"
        : judged.lower > r.england!.value!
          ? "better"
          : "similar";
    expect(vsEngland.outcome).toBe(expected);
    expect(r.comparisons.map((c) => c.benchmark.kind)).toEqual([
      "england",
      "region",
      "peer_median",
      "target",
    ]);
    // Rank: competition ranking, best first (higher is better).
    const better = acute.filter((v) => v > own.value!).length;
    expect(r.rank?.rank).toBe(better + 1);
  });

  it("uses quintiles where no interval applies and says so", async () => {
    const r = await service.compare("ZZ001", "amb_cat2_mean").catch(() => null);
    const org = r ?? (await service.compare("ZZ001", "ga_occupancy"));
    expect(org).toBeTruthy();
    const stock = await service.compare("ZZ001", "rtt_waiting_list");
    expect(stock.metric.intervalKind).toBe("none");
    const peer = stock.comparisons.find((c) => c.benchmark.kind === "peer_median")!;
    expect(peer.method).toBe("quintile");
    expect(peer.quintile).toBeGreaterThanOrEqual(1);
    expect(peer.text).toMatch(/quintile/);
  });

  it("draws a funnel with labelled points and smooth limits", async () => {
    const f = await service.funnel("ae_4hr_all");
    expect(f.kind).toBe("proportion");
    expect(f.points.length).toBeGreaterThan(30);
    expect(f.curve.denominator).toHaveLength(120);
    for (let i = 1; i < f.curve.denominator.length; i++) {
      // Limits narrow as the denominator grows (without overdispersion they converge on the benchmark).
      expect(f.curve.upper998[i]! - f.curve.lower998[i]!).toBeLessThanOrEqual(
        f.curve.upper998[i - 1]! - f.curve.lower998[i - 1]! + 1e-9,
      );
    }
    for (const p of f.points) {
      expect(p.lower998).toBeLessThanOrEqual(p.lower95);
      expect(
        p.position998 === "inside" ? p.value >= p.lower998 && p.value <= p.upper998 : true,
      ).toBe(true);
    }
    // Demo trusts differ far more than binomial noise: overdispersion is detected and applied.
    expect(f.overdispersion.applied).toBe(true);
    expect(f.overdispersion.phi).toBeGreaterThan(1);
    const plain = await service.funnel("ae_4hr_all", undefined, undefined, {
      overdispersion: false,
    });
    expect(plain.overdispersion.applied).toBe(false);
    const outside = (x: typeof f) => x.points.filter((p) => p.position998 !== "inside").length;
    expect(outside(plain)).toBeGreaterThan(outside(f));
  });

  it("sizes opportunities in natural units with the formula and its inputs", async () => {
    const r = await service.opportunities("ZZ002");
    const gaps = r.opportunities.filter((o) => o.status === "gap");
    expect(gaps.length).toBeGreaterThan(0);
    for (const o of gaps) {
      const sign = o.inputs.direction === "higher_is_better" ? 1 : -1;
      const amount =
        ((((o.inputs.benchmark as number) - (o.inputs.value as number)) * sign) /
          (o.inputs.multiplier as number)) *
        (o.inputs.denominator as number);
      expect(o.amount).toBeCloseTo(amount, 9);
      expect(o.amount).toBeGreaterThan(0);
      expect(o.formula).toContain("×");
      expect(o.text).toMatch(/^[\d,.]+ (more|fewer) /);
    }
    expect(r.opportunities.some((o) => o.status === "neutral_metric")).toBe(true);
    for (const h of r.highlighted) {
      expect(
        h.evidence.funnelWorse ||
          h.evidence.intervalWorse ||
          h.reasons.some((x) => /worst fifth/.test(x)),
      ).toBe(true);
      expect(h.evidence.spcConcern || h.evidence.noImprovement).toBe(true);
    }
  });

  it("every opportunity's formula reproduces its amount from the numbers it shows (issue 11, defect 7)", async () => {
    // "(74.3% − 72.8%) ÷ 100 × 27,849 = 421.6" gave 417.7 on a calculator: the formula showed
    // rounded inputs and computed from unrounded ones. Now it shows as many decimals as it needs.
    const shown = (t: string) =>
      Number(
        t
          .replace(/,/g, "")
          .replace("−", "-")
          .replace(/[^\d.-].*$/, ""),
      );
    let checked = 0;
    for (const code of await acuteTrusts()) {
      for (const o of (await service.opportunities(code)).opportunities) {
        if (o.status !== "gap") continue;
        const m = /^\((.+?) − (.+?)\)(?: ÷ ([\d,]+))? × ([\d,.]+) = ([\d,.]+)$/.exec(o.formula);
        expect(m, o.formula).not.toBeNull();
        const [a, b, divisor, den, result] = [m![1]!, m![2]!, m![3] ?? "1", m![4]!, m![5]!].map(
          shown,
        );
        const redone = ((a! - b!) / divisor!) * den!;
        // The shown result is the redone amount to 1 decimal: within half a unit of the last
        // place. (Not toFixed: at an exact decimal tie such as (14.00% − 7.87%) ÷ 100 × 500 =
        // 30.65, binary floating point gives 30.6499…, where a calculator rounds to 30.7.)
        expect(Math.abs(redone - result!), `${code} ${o.formula}`).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(result).toBeCloseTo(o.amount, 1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("no count is tested against England or a region; peers compare it as higher or lower (issue 11, defect 1)", async () => {
    const counts = [
      "ae_attendances_all",
      "ae_dta_4hr_waits",
      "ae_dta_12hr_waits",
      "rtt_waiting_list",
    ];
    for (const code of (await acuteTrusts()).slice(0, 10)) {
      for (const id of counts) {
        const r = await service.compare(code, id);
        expect(r.metric.growsWithSize).toBe(true);
        for (const c of r.comparisons) {
          if (c.benchmark.kind === "england" || c.benchmark.kind === "region") {
            expect(c).toMatchObject({ method: "context", outcome: "not_compared", interval: null });
            expect(c.text).toMatch(
              /^Not tested: .+'s figure is the total of \d+ reporting organisations/,
            );
          } else if (c.benchmark.kind === "peer_median") {
            expect(["higher", "lower", "similar", "not_compared"]).toContain(c.outcome);
          }
        }
      }
    }
  });

  it("a quintile label and the highlight rule never disagree (issue 11, defect 2)", async () => {
    let labelled = 0;
    for (const code of await acuteTrusts()) {
      const highlighted = new Set(
        (await service.opportunities(code)).highlighted
          .filter((h) => h.reasons.some((x) => /worst fifth/.test(x)))
          .map((h) => h.metricId),
      );
      for (const id of ["ga_occupancy", "ga_occupancy_adult", "ctr_rate", "amb_cat2_mean"]) {
        const r = await service.compare(code, id).catch(() => null);
        const peer = r?.comparisons.find((c) => c.benchmark.kind === "peer_median");
        if (!peer || peer.method !== "quintile") continue;
        labelled++;
        // Lower is better for all four: quintile 5 is the worst fifth, 1 the best.
        expect(peer.text).toContain(
          [
            ": the best fifth.",
            ": the second-best fifth.",
            ": the middle fifth.",
            ": the second-worst fifth.",
            ": the worst fifth.",
          ][peer.quintile! - 1],
        );
        if (highlighted.has(id)) expect(peer.text).toContain(": the worst fifth.");
      }
    }
    expect(labelled).toBeGreaterThan(40);
  });

  it("recommends the most similar acute trusts with a reason", async () => {
    const r = await service.recommendedPeers("ZZ003");
    expect(r.peers).toHaveLength(10);
    expect(r.features.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < r.peers.length; i++)
      expect(r.peers[i]!.distance).toBeGreaterThanOrEqual(r.peers[i - 1]!.distance);
    expect(r.peers[0]!.reason).toMatch(/^similar .+/);
    expect(r.peers.map((p) => p.orgCode)).not.toContain("ZZ003");
    // Size counts once: the volumes are one factor, not a feature each (issue 12, item 5).
    expect(r.features.map((f) => f.metricId)).toEqual(
      expect.arrayContaining(["size", "balance", "conversion"]),
    );
    expect(r.features.filter((f) => /volume|attendances|beds$/.test(f.label))).toEqual([]);
    for (const p of r.peers) {
      expect(p.differences.length).toBeGreaterThanOrEqual(Math.ceil((2 * r.features.length) / 3));
      const ss = p.differences.reduce((sum, d) => sum + d.difference ** 2, 0);
      expect(p.distance).toBeCloseTo(
        Math.sqrt((ss * r.features.length) / p.differences.length),
        12,
      );
    }
    expect(r.persistence!.of).toBe(10);
    expect(r.persistence!.kept).toBeGreaterThanOrEqual(0);
    expect(r.persistence!.kept).toBeLessThanOrEqual(10);
  });

  it("evaluates ways of choosing peers on held-out metrics, all on the same cases", async () => {
    const ev = await service.evaluatePeers();
    expect(ev.methods.map((m) => m.method)).toEqual([
      "recommended",
      "size_only",
      "region",
      "england",
      "random",
    ]);
    expect(ev.missing).toEqual([expect.objectContaining({ method: "peer_finder" })]);
    expect(ev.cases).toBeGreaterThan(100);
    expect(ev.cases).toBe(ev.metrics.reduce((s, m) => s + m.cases, 0));
    const england = ev.methods.find((m) => m.method === "england")!;
    expect(england.skill).toBe(0);
    for (const m of ev.methods) {
      expect(m.error).toBeGreaterThan(0);
      expect(m.skill).toBeCloseTo(1 - m.error / england.error, 12);
    }
    expect(ev.metrics.map((m) => m.metricId)).toContain("ae_4hr_all");
  });

  it("builds the organisation dashboard, metric detail and national view", async () => {
    const d = await service.organisationDashboard("ZZ004");
    expect(d.metrics.length).toBeGreaterThan(20);
    const ae = d.metrics.find((m) => m.metric.metricId === "ae_4hr_all")!;
    expect(ae.sparkline.values).toHaveLength(24);
    expect(ae.trend.headline).toBe("spc");
    expect(ae.trend.spc?.variationText).toBeTruthy();
    expect(ae.quartile?.quarter).toBeGreaterThanOrEqual(1);
    const detail = await service.metricDetail("ZZ004", "ae_4hr_all");
    expect(detail.spc?.points).toHaveLength(36);
    expect(detail.funnel?.points.length).toBeGreaterThan(0);
    expect(detail.benchmarkBars?.bars.some((b) => b.selected)).toBe(true);
    const n = await service.metricNational("ae_4hr_all");
    expect(n.england.series).toHaveLength(36);
    expect(n.regions.length).toBe(7);
    expect(n.networks.length).toBeGreaterThan(0);
    for (const i of n.improvers) expect(i.evidence.length).toBeGreaterThan(0);
    // Attendances have no better direction: an unusual rise is not an improvement, so no
    // organisation is listed as an improver (it used to list every neutral special cause).
    const neutral = await service.metricNational("ae_attendances_all");
    expect(neutral.metric.improvementDirection).toBe("neutral");
    expect(neutral.improverEvidence).toEqual([]);
    expect(neutral.improvers).toEqual([]);
  });

  it("compares with a custom peer group and recomputes only after the data changes", async () => {
    await createCustomPeerGroup(t.db, {
      peerGroupId: "custom-test",
      name: "Test group",
      orgCodes: ["ZZ001", "ZZ002", "ZZ003", "ZZ005", "ZZ006"],
    });
    const r = await service.compare("ZZ001", "ae_4hr_all", undefined, "custom-test");
    expect(r.peers.members).toBe(5);
    expect(r.peerValues.map((v) => v.orgCode)).toEqual([
      "ZZ001",
      "ZZ002",
      "ZZ003",
      "ZZ005",
      "ZZ006",
    ]);
    const sorted = r.peerValues.map((v) => v.value!).sort((a, b) => a - b);
    expect(r.distribution.median).toBe(sorted[2]);
  });
});
