/**
 * Overdispersion estimated once over the comparable providers and reused by every group (issue
 * 11, defect 6), tested before it widens a funnel, and a funnel note that describes the limits
 * drawn; and the highlight evidence that rests on it (defect 5). Reproductions on stationary
 * noise (test/support/noise-store.ts), where every trust runs the same process, so a trust
 * highlighted or outside the limits is a false alarm.
 */
import { describe, expect, it } from "vitest";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import { binomialFunnelLimits } from "../../../src/stats/funnel.js";
import { noiseStore } from "../../support/noise-store.js";

const code = (i: number, trusts = 30) => `T${String(((i - 1) % trusts) + 1).padStart(2, "0")}`;

describe("overdispersion of the comparable providers, reused in every group", () => {
  // 30 A&E-sized trusts (4,000–16,000 attendances a month) whose true 4-hour share varies by 4.2
  // points beyond sampling error: φ ≈ 64, as in the reproduction.
  const service = createAnalyticsService(
    noiseStore({ seed: 7, trusts: 30, months: 24, extraSd: 0.042 }),
  );

  it("gives a chosen group of 3, a region and all trusts the same φ and τ²", async () => {
    const all = await service.funnel("ae_4hr_all");
    expect(all.overdispersion.status).toBe("adjusted");
    expect(all.overdispersion.phi).toBeGreaterThan(60);
    expect(all.overdispersion.estimatedOver).toMatchObject({ kinds: ["acute_trust"], count: 30 });
    for (const group of ["orgs:T01,T02,T03", "orgs:T04,T09,T17", "geo-region:Y56"]) {
      const f = await service.funnel("ae_4hr_all", undefined, group);
      // Before: φ from the group's own 3 (or 15) z-scores, so the same trust's limits depended on
      // who else was selected, and a group of 3 similar trusts drew unadjusted limits.
      expect(f.overdispersion.phi).toBe(all.overdispersion.phi);
      expect(f.overdispersion.tau2).toBe(all.overdispersion.tau2);
      expect(f.overdispersion.estimatedOver?.count).toBe(30);
      expect(f.overdispersion.text).toMatch(
        /estimated over all 30 acute trusts .* not only this group/,
      );
      expect(f.method).toMatch(/^Limits p₀ ± z·√\(p₀\(1 − p₀\)\/n \+ τ²\)/);
    }
  });

  it("highlights no trust against any group of 3 drawn from the noise", async () => {
    let highlighted = 0;
    for (let t = 1; t <= 30; t++) {
      const group = `orgs:${code(t)},${code(t + 1)},${code(t + 2)}`;
      highlighted += (await service.opportunities(code(t), group)).highlighted.length;
    }
    expect(highlighted).toBe(0);
  });

  it("a group of 10 (issue 11, defect 5): none outside the adjusted funnel, none highlighted", async () => {
    const group = `orgs:${Array.from({ length: 10 }, (_, i) => code(i + 1)).join(",")}`;
    const f = await service.funnel("ae_4hr_all", undefined, group);
    expect(f.points.filter((p) => p.position998 !== "inside")).toEqual([]);
    let intervalWorse = 0;
    for (let t = 1; t <= 10; t++) {
      const o = await service.opportunities(code(t), group);
      expect(o.highlighted).toEqual([]);
      // The old gate, a 95% interval wholly worse than the upper quartile, passed on this noise.
      const own = await service.compare(code(t), "ae_4hr_all", undefined, group, 95);
      const q3 = own.distribution.q3;
      if (own.value.ci95 && q3 != null && own.value.ci95.upper < q3) intervalWorse++;
    }
    expect(intervalWorse).toBeGreaterThanOrEqual(3);
  });
});

describe("the overdispersion test and the limits drawn", () => {
  it("keeps exact limits, and says so, when Nφ is above N − 1 but not significant", async () => {
    // Binomial noise only; seed 10 gives φ = 1.07, N·φ = 32.1 > N − 1 = 29 (p = 0.32), which
    // used to switch on normal limits widened by τ² under a note that printed the normal formula.
    const service = createAnalyticsService(
      noiseStore({ seed: 10, trusts: 30, months: 24, extraSd: 0 }),
    );
    const f = await service.funnel("ae_4hr_all");
    const od = f.overdispersion;
    expect(od.phi! * 30).toBeGreaterThan(29);
    expect(od.estimatedOver?.pValue).toBeGreaterThan(0.05);
    expect(od.status).toBe("not_significant");
    expect(od.applied).toBe(false);
    expect(od.tau2).toBeNull();
    expect(f.method).toMatch(/^Exact binomial limits/);
    expect(od.text).toMatch(/not significant at 5%, so the limits allow for sampling error only/);
    const p0 = f.benchmark.value / 100;
    for (const p of f.points) {
      const exact = binomialFunnelLimits(p0, p.denominator, 0.998);
      expect(p.lower998).toBeCloseTo(exact.lower * 100, 9);
      expect(p.upper998).toBeCloseTo(exact.upper * 100, 9);
    }
  });

  it("estimates over a small population too: it is every comparable provider there is", async () => {
    // 12 trusts (as community trusts report A&E): the estimate rests on all 12, says so, and
    // every group of them reuses it.
    const service = createAnalyticsService(
      noiseStore({ seed: 7, trusts: 12, months: 24, extraSd: 0.042 }),
    );
    const f = await service.funnel("ae_4hr_all", undefined, "orgs:T01,T02,T03");
    expect(f.overdispersion.status).toBe("adjusted");
    expect(f.overdispersion.estimatedOver?.count).toBe(12);
    expect(f.overdispersion.text).toMatch(/estimated over all 12 acute trusts reporting/);
    for (let t = 1; t <= 12; t++)
      expect((await service.organisationDashboard(code(t, 12))).highlighted).toEqual([]);
  });

  it("estimates nothing from 2 providers, and their funnel is no evidence", async () => {
    const service = createAnalyticsService(
      noiseStore({ seed: 7, trusts: 2, months: 24, extraSd: 0.042 }),
    );
    const f = await service.funnel("ae_4hr_all");
    expect(f.overdispersion.status).toBe("too_few");
    expect(f.overdispersion.phi).toBeNull();
    expect(f.overdispersion.text).toMatch(
      /only 2 acute trusts report in this period, fewer than the 3/,
    );
    expect(f.method).toMatch(/^Exact binomial limits/);
    // Both lie outside their own exact limits (they differ by more than sampling error) …
    expect(f.points.filter((p) => p.position998 !== "inside")).toHaveLength(2);
    // … which is not taken as evidence for a highlight.
    for (let t = 1; t <= 2; t++) {
      const o = await service.opportunities(code(t, 2));
      expect(o.highlighted).toEqual([]);
    }
  });

  it("says when no adjustment was asked for", async () => {
    const service = createAnalyticsService(noiseStore({ seed: 7, trusts: 30, extraSd: 0.042 }));
    const f = await service.funnel("ae_4hr_all", undefined, undefined, { overdispersion: false });
    expect(f.overdispersion.status).toBe("not_requested");
    expect(f.overdispersion.estimatedOver).toBeNull();
    expect(f.method).toMatch(/^Exact binomial limits/);
  });
});
