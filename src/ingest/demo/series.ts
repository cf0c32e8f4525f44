/**
 * Generates one organisation's monthly series, metric by metric, following `models`. Each series
 * has its own random stream seeded from (seed, orgCode, metricId), so a series is the same whatever
 * order it is asked for in, and linked series (a denominator taken from another metric) are built
 * once and shared through a per-organisation cache.
 *
 * SPC-worthy features are planted deliberately: a step change in about a third of ratio series, a
 * sustained trend in some, a one-month outlier in others, on top of winter seasonality and noise.
 */
import { isMetricId, type MetricId } from "../../metrics/catalogue/index.js";
import { directionSignOf } from "../../metrics/catalogue/direction.js";
import type { ImprovementDirection } from "../../metrics/catalogue/types.js";
import { models, type DenominatorSource, type SeriesModel } from "./models.js";
import { Random, hashString, mix } from "../../stats/random.js";

export interface SeriesFeatures {
  /** Month index where a step change starts, and its size (display units; relative for counts). */
  stepAt?: number;
  stepSize?: number;
  trendFrom?: number;
  trendSize?: number;
  outlierAt?: number;
  outlierSize?: number;
}

export interface Series {
  numerator: Float64Array | null;
  denominator: Float64Array | null;
  value: Float64Array;
  features: SeriesFeatures;
}

export interface SeriesContext {
  seed: number;
  orgCode: string;
  size: number;
  quality: number;
  months: number;
  /** cos(2π × calendar month / 12): +1 in January, −1 in July. */
  season: Float64Array;
  /** The metric's multiplier and direction, by full metric id. */
  definition: (metricId: string) => {
    multiplier: number;
    improvementDirection: ImprovementDirection;
  };
}

/** Rounds to a step of 1, 0.5 or 0.1 without binary fractions creeping in (612.3, not 612.3000000001). */
const roundTo = (x: number, step: number) => {
  const inverse = Math.round(1 / step);
  return Math.round(x * inverse) / inverse;
};
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** Splits "ae_4hr_all__k2" into the model's id and the clone suffix to apply to its links. */
/** The catalogue metric a (possibly cloned: `<id>__k2`) id models, and the clone suffix. */
function parseId(metricId: string): { base: MetricId | null; suffix: string } {
  const at = metricId.indexOf("__");
  const base = at < 0 ? metricId : metricId.slice(0, at);
  return { base: isMetricId(base) ? base : null, suffix: at < 0 ? "" : metricId.slice(at) };
}

export function hasModel(metricId: string): boolean {
  const { base } = parseId(metricId);
  return base !== null && models[base] !== undefined;
}

/** Plants a step, a trend and an outlier with fixed chances; sizes are multiples of `scale`. */
function plantFeatures(
  random: Random,
  months: number,
  scale: number,
  improve: number,
): SeriesFeatures {
  const f: SeriesFeatures = {};
  if (months < 12) return f;
  const sign = () => (random.chance(0.65) ? improve : -improve) || (random.chance(0.5) ? 1 : -1);
  if (random.chance(0.35)) {
    f.stepAt = random.int(Math.floor(months * 0.3), Math.floor(months * 0.8));
    f.stepSize = sign() * random.between(2.5, 4) * scale;
  }
  if (random.chance(0.15)) {
    f.trendFrom = random.int(Math.floor(months * 0.4), Math.floor(months * 0.7));
    f.trendSize = sign() * random.between(3, 5) * scale;
  }
  if (random.chance(0.2)) {
    f.outlierAt = random.int(0, months - 1);
    f.outlierSize = (random.chance(0.5) ? 1 : -1) * random.between(4, 5) * scale;
  }
  return f;
}

/** The feature offset at month m. */
function featureAt(f: SeriesFeatures, m: number, months: number): number {
  let x = 0;
  if (f.stepAt !== undefined && m >= f.stepAt) x += f.stepSize ?? 0;
  if (f.trendFrom !== undefined && m >= f.trendFrom)
    x += ((f.trendSize ?? 0) * (m - f.trendFrom + 1)) / (months - f.trendFrom);
  if (f.outlierAt === m) x += f.outlierSize ?? 0;
  return x;
}

export class OrganisationSeries {
  private readonly cache = new Map<string, Series>();

  constructor(private readonly ctx: SeriesContext) {}

  get(metricId: string): Series {
    let s = this.cache.get(metricId);
    if (!s) {
      s = this.build(metricId);
      this.cache.set(metricId, s);
    }
    return s;
  }

  private build(metricId: string): Series {
    const { base, suffix } = parseId(metricId);
    const model = base === null ? undefined : models[base];
    if (!model) throw new Error(`no demo model for metric ${metricId}`);
    const random = new Random(
      mix(this.ctx.seed, hashString(this.ctx.orgCode), hashString(metricId)),
    );
    return this.generate(model, metricId, suffix, random);
  }

  private improveSign(metricId: string): number {
    return directionSignOf(this.ctx.definition(metricId));
  }

  private generate(model: SeriesModel, metricId: string, suffix: string, random: Random): Series {
    const { months, season, size } = this.ctx;
    switch (model.type) {
      case "flow": {
        const value = this.flow(
          random,
          model.base * size,
          model.seasonal,
          model.noise,
          1,
          this.improveSign(metricId),
        );
        return {
          numerator: null,
          denominator: null,
          value: value.series,
          features: value.features,
        };
      }
      case "stock": {
        const value = new Float64Array(months);
        const drift = random.between(model.drift[0], model.drift[1]);
        let level = model.base * size * random.between(0.85, 1.15);
        for (let m = 0; m < months; m++) {
          level *= 1 + drift + model.noise * random.normal();
          value[m] = Math.round(level);
        }
        return { numerator: null, denominator: null, value, features: {} };
      }
      case "part": {
        const of = this.get(model.of + suffix).value;
        const share = random.between(model.share[0], model.share[1]);
        const features = plantFeatures(random, months, model.noise * share, 0);
        const value = new Float64Array(months);
        for (let m = 0; m < months; m++) {
          const s =
            share * (1 + model.seasonal * (season[m] ?? 0) + model.noise * random.normal()) +
            featureAt(features, m, months);
          value[m] = Math.round((of[m] ?? 0) * clamp(s, 0, 1));
        }
        return { numerator: null, denominator: null, value, features };
      }
      case "numeratorOf": {
        const source = this.get(model.of + suffix);
        const factor = random.between(model.factor[0], model.factor[1]);
        const value = new Float64Array(months);
        const num = source.numerator ?? source.value;
        const step = factor === 1 ? 0 : 1;
        for (let m = 0; m < months; m++)
          value[m] = step ? Math.round((num[m] ?? 0) * factor) : (num[m] ?? 0);
        return { numerator: null, denominator: null, value, features: source.features };
      }
      case "combined": {
        const parts = model.parts.map((p) => this.get(p + suffix));
        const numerator = new Float64Array(months);
        const denominator = new Float64Array(months);
        const value = new Float64Array(months);
        const multiplier = this.ctx.definition(metricId).multiplier;
        for (let m = 0; m < months; m++) {
          let n = 0;
          let d = 0;
          for (const p of parts) {
            n += p.numerator?.[m] ?? 0;
            d += p.denominator?.[m] ?? 0;
          }
          numerator[m] = roundTo(n, 0.1);
          denominator[m] = roundTo(d, 0.1);
          value[m] = d > 0 ? (n / d) * multiplier : 0;
        }
        return { numerator, denominator, value, features: parts[0]?.features ?? {} };
      }
      case "ratio":
        return this.ratio(model, metricId, suffix, random);
    }
  }

  /** A positive count series around `mean`, with relative seasonality, noise and features. */
  private flow(
    random: Random,
    mean: number,
    seasonal: number,
    noise: number,
    step: number,
    improve: number,
  ) {
    const { months, season } = this.ctx;
    const features = plantFeatures(random, months, noise, improve);
    const series = new Float64Array(months);
    for (let m = 0; m < months; m++) {
      const f =
        1 + seasonal * (season[m] ?? 0) + noise * random.normal() + featureAt(features, m, months);
      series[m] = Math.max(step, roundTo(mean * f, step));
    }
    return { series, features };
  }

  private denominator(den: DenominatorSource, suffix: string, random: Random): Float64Array {
    if ("of" in den) {
      const source = this.get(den.of + suffix);
      return den.part === "value" ? source.value : (source.numerator ?? source.value);
    }
    return this.flow(random, den.base * this.ctx.size, den.seasonal, den.noise, den.step, 0).series;
  }

  private ratio(
    model: Extract<SeriesModel, { type: "ratio" }>,
    metricId: string,
    suffix: string,
    random: Random,
  ): Series {
    const { months, season, quality } = this.ctx;
    const { multiplier } = this.ctx.definition(metricId);
    const improve = this.improveSign(metricId);
    const denominator = this.denominator(model.den, suffix, random);
    // Strong organisations tend to be strong on every directional metric, as in real data.
    const position =
      improve === 0 ? random.next() : clamp(0.65 * quality + 0.35 * random.next(), 0, 1);
    const [lo, hi] = model.level;
    const level = improve >= 0 ? lo + (hi - lo) * position : hi - (hi - lo) * position;
    const features = plantFeatures(random, months, model.sd, improve);
    const numerator = new Float64Array(months);
    const value = new Float64Array(months);
    let ar = 0;
    for (let m = 0; m < months; m++) {
      ar = 0.3 * ar + model.sd * random.normal();
      const target = clamp(
        level + model.seasonal * (season[m] ?? 0) + ar + featureAt(features, m, months),
        model.min,
        model.max,
      );
      const d = denominator[m] ?? 0;
      const raw = roundTo((d * target) / multiplier, model.step);
      const n = model.max <= multiplier ? Math.min(raw, d) : raw;
      numerator[m] = n;
      value[m] = d > 0 ? (n / d) * multiplier : 0;
    }
    return { numerator, denominator, value, features };
  }
}
