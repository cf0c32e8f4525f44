/**
 * Building metric values the same way in every format: counts carry only `value`; ratios carry
 * numerator and denominator and value = numerator / denominator × the metric's multiplier (from
 * the catalogue, so a format can never get a percentage's scale wrong).
 */
import type { MetricId } from "../../../metrics/catalogue/index.js";
import {
  ratioValue,
  type MetricValueInput,
  type PeriodType,
  type PublishedAssessment,
} from "../../../metrics/values.js";
import type { ParseContext } from "../../format.js";
import { ROW_NOT_FINITE, UNKNOWN_METRIC } from "../../problem-messages.js";

export class ValueBatch {
  out: MetricValueInput[] = [];
  private readonly multipliers = new Map<string, number | undefined>();

  constructor(private readonly ctx: ParseContext) {}

  private multiplier(metricId: string, line: number): number | undefined {
    if (this.multipliers.has(metricId)) return this.multipliers.get(metricId);
    const m = this.ctx.metrics.get(metricId)?.multiplier;
    // A format mapping to a metric the catalogue lacks is a bug in the format, reported once.
    if (m === undefined)
      this.ctx.problems.add({
        line,
        column: "metric_id",
        value: metricId,
        reason: UNKNOWN_METRIC,
      });
    this.multipliers.set(metricId, m);
    return m;
  }

  /**
   * False, with a problem, when a number of the value is ±Infinity or NaN (a huge figure, or a
   * ratio over a denominator near 0): it would be stored, and shown, as such.
   */
  private finite(v: MetricValueInput): boolean {
    const bad = [v.numerator, v.denominator, v.value].find(
      (n) => n !== null && !Number.isFinite(n),
    );
    if (bad === undefined) return true;
    this.ctx.problems.add({
      line: v.line ?? 0,
      value: `${v.orgCode} ${v.metricId} ${v.periodStart}: ${String(bad)}`,
      reason: ROW_NOT_FINITE,
    });
    return false;
  }

  count(
    orgCode: string,
    metricId: MetricId,
    periodType: PeriodType,
    periodStart: string,
    value: number | null,
    line: number,
  ): void {
    if (this.multiplier(metricId, line) === undefined) return;
    const v = {
      orgCode,
      metricId,
      periodType,
      periodStart,
      numerator: null,
      denominator: null,
      value,
      line,
    };
    if (this.finite(v)) this.out.push(v);
  }

  ratio(
    orgCode: string,
    metricId: MetricId,
    periodType: PeriodType,
    periodStart: string,
    numerator: number | null,
    denominator: number | null,
    line: number,
  ): void {
    const multiplier = this.multiplier(metricId, line);
    if (multiplier === undefined) return;
    const v = {
      orgCode,
      metricId,
      periodType,
      periodStart,
      numerator,
      denominator,
      value: ratioValue(numerator, denominator, multiplier),
      line,
    };
    if (this.finite(v)) this.out.push(v);
  }

  /**
   * A value taken as published where the publication gives no numerator to recompute it from: a
   * percentage published rounded without its counts (Talking Therapies' recovery rate), a survey
   * score (a weighted mean of answers) with its base, the number of respondents behind it, as
   * denominator. The catalogue's `noInterval` says why such a metric gets no interval.
   */
  published(
    orgCode: string,
    metricId: MetricId,
    periodType: PeriodType,
    periodStart: string,
    value: number | null,
    base: number | null,
    line: number,
  ): void {
    if (this.multiplier(metricId, line) === undefined) return;
    this.out.push({
      orgCode,
      metricId,
      periodType,
      periodStart,
      numerator: null,
      denominator: base,
      value,
      line,
    });
  }

  /**
   * A ratio whose value is taken as published rather than recomputed, with the publication's
   * own banding and limits: for publications that compute the value from unrounded counts but
   * publish the counts rounded (SHMI: observed and expected deaths to the nearest 5), so that
   * numerator / denominator only approximates it. The format checks the two agree within the
   * rounding.
   */
  asPublished(
    orgCode: string,
    metricId: MetricId,
    periodType: PeriodType,
    periodStart: string,
    numerator: number | null,
    denominator: number | null,
    value: number | null,
    published: PublishedAssessment,
    line: number,
  ): void {
    if (this.multiplier(metricId, line) === undefined) return;
    this.out.push({
      orgCode,
      metricId,
      periodType,
      periodStart,
      numerator,
      denominator,
      value,
      published,
      line,
    });
  }

  /** Hands over the values built so far and starts a new batch. */
  take(): MetricValueInput[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

/** a − b, or null when either is missing. */
export const minus = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : a - b;
