/**
 * The API's shapes of the analytics' answers (src/metrics/analytics/types.ts): a comparison at a
 * period, a funnel plot and an organisation's opportunities, each with the group, period and
 * method it was computed with, and the mappings from the analytics' results to them. Numbers the
 * analytics leave undefined (NaN) are null here.
 */
import { z } from "zod";
import type {
  Benchmark,
  CompareResult,
  ConfidenceInterval,
  FunnelResult,
  GroupAggregate,
  GroupInfo,
  OpportunitiesResult,
} from "../../metrics/analytics/types.js";
import { component } from "./schemas.js";

const num = z.number().nullable();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A finite number, or null (JSON has no NaN). */
const fin = (n: number | null | undefined): number | null =>
  n === null || n === undefined || !Number.isFinite(n) ? null : n;

const groupSchema = z
  .object({
    groupRef: z.string().describe("The group reference text (GET /peer-groups)."),
    name: z.string(),
    members: z.number().int().describe("Member organisations, whether or not they reported."),
    open: z.number().int().describe("Of them, those open today."),
  })
  .describe("The group compared with.");

const intervalSchema = z
  .object({
    level: z.number().describe("95 or 99.8 (per cent)."),
    lower: num,
    upper: num,
    method: z.enum(["wilson", "byar", "exact_poisson"]),
  })
  .nullable();

const benchmarkSchema = z.object({
  kind: z.enum([
    "england",
    "region",
    "icb",
    "group_aggregate",
    "peer_median",
    "peer_upper_quartile",
    "peer_top_decile",
    "target",
  ]),
  label: z.string(),
  value: num,
  groupRef: z.string().nullable(),
  formula: z.string(),
});

const aggregateSchema = z
  .object({
    group: groupSchema,
    period: isoDate,
    numerator: num,
    denominator: num,
    value: num,
    reporting: z.number().int(),
    ci95: intervalSchema,
    formula: z.string(),
  })
  .nullable();

const groupOut = (g: GroupInfo): z.input<typeof groupSchema> => ({
  groupRef: g.groupRef,
  name: g.name,
  members: g.members,
  open: g.open,
});
const intervalOut = (i: ConfidenceInterval | null): z.input<typeof intervalSchema> =>
  i && { level: i.level, lower: fin(i.lower), upper: fin(i.upper), method: i.method };
const benchmarkOut = (b: Benchmark): z.input<typeof benchmarkSchema> => ({
  kind: b.kind,
  label: b.label,
  value: fin(b.value),
  groupRef: b.groupRef,
  formula: b.formula,
});
const aggregateOut = (a: GroupAggregate | null): z.input<typeof aggregateSchema> =>
  a && {
    group: groupOut(a.group),
    period: a.period,
    numerator: fin(a.numerator),
    denominator: fin(a.denominator),
    value: fin(a.value),
    reporting: a.reporting,
    ci95: intervalOut(a.ci95),
    formula: a.formula,
  };

const outcome = z.enum(["better", "similar", "worse", "higher", "lower", "not_compared"]);

export const comparisonSchema = component(
  "Comparison",
  "One organisation's value of a metric at a period against England, its region, its peers and the target in force, judged at `level`.",
  z.object({
    orgCode: z.string(),
    name: z.string(),
    metricId: z.string(),
    title: z.string(),
    period: isoDate.describe("The period's first day."),
    level: z.number().describe("The confidence level (per cent) the comparisons were judged at."),
    value: num,
    numerator: num,
    denominator: num,
    ci95: intervalSchema,
    ci998: intervalSchema,
    smallCount: z.boolean(),
    peers: groupSchema,
    distribution: z.object({
      reporting: z.number().int().describe("Peers with a value for the period."),
      min: num,
      q1: num,
      median: num,
      q3: num,
      max: num,
      quantileDefinition: z.string(),
    }),
    rank: z
      .object({
        rank: z.number().int(),
        of: z.number().int(),
        tiedWith: z.number().int(),
        order: z.enum(["best_first", "highest_first"]),
        text: z.string(),
      })
      .nullable(),
    comparisons: z.array(
      z.object({
        benchmark: benchmarkSchema,
        outcome,
        method: z.enum(["confidence_interval", "quintile", "context", "none"]),
        interval: intervalSchema,
        quintile: z.number().int().nullable(),
        text: z.string(),
      }),
    ),
    england: aggregateSchema,
    region: aggregateSchema,
    target: z
      .object({
        value: z.number(),
        label: z.string(),
        source: z.string(),
        from: z.string(),
        to: z.string().nullable(),
      })
      .nullable(),
  }),
);

export function comparisonOut(r: CompareResult): z.input<typeof comparisonSchema> {
  const d = r.distribution;
  return {
    orgCode: r.organisation.orgCode,
    name: r.organisation.name,
    metricId: r.metric.metricId,
    title: r.metric.title,
    period: r.period,
    level: r.level,
    value: fin(r.value.value),
    numerator: fin(r.value.numerator),
    denominator: fin(r.value.denominator),
    ci95: intervalOut(r.value.ci95),
    ci998: intervalOut(r.value.ci998),
    smallCount: r.value.smallCount,
    peers: groupOut(r.peers),
    distribution: {
      reporting: d.reporting,
      min: fin(d.min),
      q1: fin(d.q1),
      median: fin(d.median),
      q3: fin(d.q3),
      max: fin(d.max),
      quantileDefinition: d.quantileDefinition,
    },
    rank: r.rank && {
      rank: r.rank.rank,
      of: r.rank.of,
      tiedWith: r.rank.tiedWith,
      order: r.rank.order,
      text: r.rank.text,
    },
    comparisons: r.comparisons.map((c) => ({
      benchmark: benchmarkOut(c.benchmark),
      outcome: c.outcome,
      method: c.method,
      interval: intervalOut(c.interval),
      quintile: c.quintile,
      text: c.text,
    })),
    england: aggregateOut(r.england),
    region: aggregateOut(r.region),
    target: r.target && {
      value: r.target.value,
      label: r.target.label,
      source: r.target.source,
      from: r.target.from,
      to: r.target.to,
    },
  };
}

const position = z.enum(["inside", "above", "below"]);

export const funnelSchema = component(
  "Funnel",
  "A funnel plot of a group at a period: each member's value against the benchmark's 95% and 99.8% limits at its denominator, with the overdispersion adjustment as applied.",
  z.object({
    metricId: z.string(),
    title: z.string(),
    period: isoDate,
    group: groupSchema,
    kind: z.enum(["proportion", "rate"]),
    benchmark: benchmarkSchema,
    overdispersion: z.object({
      requested: z.boolean(),
      applied: z.boolean().describe("Whether the limits are widened by tau squared."),
      status: z.enum(["adjusted", "not_significant", "too_few", "not_requested"]),
      phi: num.describe("Dispersion ratio from winsorised z-scores."),
      tau2: num.describe("Between-organisation variance added to each SE squared."),
      n: z.number().int(),
      text: z.string(),
    }),
    method: z.string(),
    points: z.array(
      z.object({
        orgCode: z.string(),
        name: z.string(),
        numerator: num,
        denominator: num,
        value: num,
        lower95: num,
        upper95: num,
        lower998: num,
        upper998: num,
        position95: position,
        position998: position,
        outcome,
      }),
    ),
    curve: z
      .object({
        denominator: z.array(num),
        lower95: z.array(num),
        upper95: z.array(num),
        lower998: z.array(num),
        upper998: z.array(num),
      })
      .describe("Smooth limit curves for drawing, at each `denominator`."),
  }),
);

export function funnelOut(f: FunnelResult): z.input<typeof funnelSchema> {
  const curve = (xs: number[]) => xs.map(fin);
  return {
    metricId: f.metric.metricId,
    title: f.metric.title,
    period: f.period,
    group: groupOut(f.group),
    kind: f.kind,
    benchmark: benchmarkOut(f.benchmark),
    overdispersion: {
      requested: f.overdispersion.requested,
      applied: f.overdispersion.applied,
      status: f.overdispersion.status,
      phi: fin(f.overdispersion.phi),
      tau2: fin(f.overdispersion.tau2),
      n: f.overdispersion.n,
      text: f.overdispersion.text,
    },
    method: f.method,
    points: f.points.map((p) => ({
      orgCode: p.orgCode,
      name: p.name,
      numerator: fin(p.numerator),
      denominator: fin(p.denominator),
      value: fin(p.value),
      lower95: fin(p.lower95),
      upper95: fin(p.upper95),
      lower998: fin(p.lower998),
      upper998: fin(p.upper998),
      position95: p.position95,
      position998: p.position998,
      outcome: p.outcome,
    })),
    curve: {
      denominator: curve(f.curve.denominator),
      lower95: curve(f.curve.lower95),
      upper95: curve(f.curve.upper95),
      lower998: curve(f.curve.lower998),
      upper998: curve(f.curve.upper998),
    },
  };
}

export const opportunitiesSchema = component(
  "Opportunities",
  "What an organisation would gain on each metric by reaching its peers' benchmark, largest first.",
  z.object({
    orgCode: z.string(),
    name: z.string(),
    peers: groupSchema,
    benchmark: z.enum(["median", "upper_quartile", "top_decile", "target"]),
    opportunities: z.array(
      z.object({
        metricId: z.string(),
        title: z.string(),
        period: isoDate.nullable(),
        status: z.enum([
          "gap",
          "already_better",
          "neutral_metric",
          "no_denominator",
          "no_benchmark",
          "no_data",
          "not_current",
          "category",
        ]),
        value: num,
        denominator: num,
        benchmark: benchmarkSchema.nullable(),
        amount: num.describe("In natural units (patients, beds, minutes…), 0 where none."),
        noun: z.string().nullable(),
        per: z.string(),
        text: z.string(),
        formula: z.string(),
      }),
    ),
  }),
);

export function opportunitiesOut(r: OpportunitiesResult): z.input<typeof opportunitiesSchema> {
  return {
    orgCode: r.organisation.orgCode,
    name: r.organisation.name,
    peers: groupOut(r.peers),
    benchmark: r.benchmark,
    opportunities: r.opportunities.map((o) => ({
      metricId: o.metricId,
      title: o.title,
      period: o.period,
      status: o.status,
      value: fin(o.value),
      denominator: fin(o.denominator),
      benchmark: o.benchmark && benchmarkOut(o.benchmark),
      amount: fin(o.amount),
      noun: o.noun,
      per: o.per,
      text: o.text,
      formula: o.formula,
    })),
  };
}
