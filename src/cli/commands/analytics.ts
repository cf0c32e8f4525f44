/**
 * `improve compare`, `improve opportunities`, `improve peers`: the benchmarking engine from the
 * command line. Table output prints every input (numerators, denominators, benchmark values, the
 * quantile definition) so an analyst can redo each number in a spreadsheet; `--format json` gives
 * the service's full typed result.
 */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { comparisonLevels, type ComparisonLevel } from "../../metrics/catalogue/types.js";
import { formatMetricValue, formatNumber } from "../../metrics/format.js";
import {
  createAnalyticsService,
  type AnalyticsService,
  type MetricInfo,
  type OpportunityBenchmark,
} from "../../metrics/service.js";
import { createAnalyticsStore } from "../../storage/analytics-store.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { parseFormat, renderRows } from "../format.js";

const BENCHMARKS: OpportunityBenchmark[] = ["upper_quartile", "median", "top_decile", "target"];

async function service(ctx: CliContext): Promise<AnalyticsService> {
  return createAnalyticsService(createAnalyticsStore(await ctx.database()));
}

function periodOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}(-01)?$/.test(value))
    throw new UsageError(`--period must be YYYY-MM, not "${value}"`);
  return value.length === 7 ? `${value}-01` : value;
}

/** `--level 95|99.8` (absent: the metric's default level). */
function levelOption(value: string | undefined): ComparisonLevel | undefined {
  if (value === undefined) return undefined;
  const level = comparisonLevels.find((l) => String(l) === value);
  if (level === undefined)
    throw new UsageError(`--level must be ${comparisonLevels.join(" or ")}, not "${value}"`);
  return level;
}

const num = (x: number | null | undefined, d = 2): string =>
  x === null || x === undefined ? "" : formatNumber(x, d);
const fmtValue = (m: MetricInfo, x: number | null | undefined): string =>
  x === null || x === undefined ? "–" : formatMetricValue(m, x, 1);

export const register: RegisterCommand = (program: Command, ctx) => {
  program
    .command("compare")
    .description(
      "Compare an organisation's value with England, its region, its peers and the target (intervals, quantiles, rank)",
    )
    .requiredOption("--org <code>", "organisation ODS code")
    .requiredOption("--metric <id>", "metric id (see `improve metrics`)")
    .option("--period <YYYY-MM>", "period (default: the organisation's latest)")
    .option(
      "--peers <group>",
      "peer group: acute, region-Y56, icb-QMF, network-<id>, peer-finder-<ORG>, a custom group, recommended:<ORG>, orgs:A,B,…",
    )
    .option(
      "--level <percent>",
      "confidence level of the comparisons: 95 or 99.8 (default: the metric's, from the catalogue)",
    )
    .option("--format <format>", "table or json", "table")
    .action(
      async (opts: {
        org: string;
        metric: string;
        period?: string;
        peers?: string;
        level?: string;
        format: string;
      }) => {
        const format = parseFormat(opts.format, ["table", "json"]);
        const r = await (
          await service(ctx)
        ).compare(
          opts.org,
          opts.metric,
          periodOption(opts.period),
          opts.peers,
          levelOption(opts.level),
        );
        if (format === "json") {
          ctx.io.out(JSON.stringify(r, null, 2) + "\n");
          return;
        }
        const m = r.metric;
        const v = r.value;
        const lines: string[] = [];
        lines.push(`${r.organisation.orgCode} ${r.organisation.name}`);
        lines.push(
          `${m.title} (${m.metricId}), period starting ${r.period}; ${m.improvementDirection.replace(/_/g, " ")}`,
        );
        lines.push("");
        const ratio = v.numerator !== null && v.denominator !== null;
        lines.push(
          `Value: ${fmtValue(m, v.value)}${ratio ? ` = ${num(v.numerator)} ÷ ${num(v.denominator)} × ${m.multiplier}` : ""}` +
            (v.ci95
              ? `; 95% interval ${fmtValue(m, v.ci95.lower)} to ${fmtValue(m, v.ci95.upper)} (${v.ci95.method})`
              : "") +
            (v.ci998
              ? `; 99.8% interval ${fmtValue(m, v.ci998.lower)} to ${fmtValue(m, v.ci998.upper)}`
              : "") +
            (v.smallCount ? " [fewer than 10 events]" : ""),
        );
        lines.push(`Interval: ${m.intervalNote}`);
        if (m.intervalKind !== "none")
          lines.push(`Level: comparisons judged at ${r.level}%. ${m.comparisonLevelNote}`);
        if (r.rank) lines.push(`Rank among peers: ${r.rank.text}. Ties: ${r.rank.tieMethod}.`);
        const d = r.distribution;
        lines.push(
          `Peers: ${r.peers.name} (${r.peers.groupRef}); ${d.reporting} of ${r.peers.members} reported.`,
        );
        lines.push(
          `Distribution: min ${fmtValue(m, d.min)}, Q1 ${fmtValue(m, d.q1)}, median ${fmtValue(m, d.median)}, Q3 ${fmtValue(m, d.q3)}, max ${fmtValue(m, d.max)}; deciles ${d.deciles.map((x) => fmtValue(m, x)).join(", ")}`,
        );
        lines.push(`Quantiles: ${d.quantileDefinition}.`);
        if (r.england)
          lines.push(`England: ${fmtValue(m, r.england.value)} = ${r.england.formula}.`);
        if (r.region)
          lines.push(
            `Region (${r.region.group.name}): ${fmtValue(m, r.region.value)} = ${r.region.formula}.`,
          );
        lines.push("");
        ctx.io.out(lines.join("\n") + "\n");
        ctx.io.out(
          renderRows(
            r.comparisons.map((c) => ({
              benchmark: c.benchmark.label,
              benchmark_value: +c.benchmark.value.toFixed(6),
              outcome: c.outcome,
              method:
                c.method === "confidence_interval" ? `${c.interval?.level}% interval` : c.method,
              reason: c.text,
            })),
            "table",
            ["benchmark", "benchmark_value", "outcome", "method", "reason"],
          ),
        );
        ctx.io.out(`\nInputs: peers' values for ${r.period}\n`);
        ctx.io.out(
          renderRows(
            r.peerValues.map((p) => ({
              org_code: p.orgCode,
              numerator: p.numerator,
              denominator: p.denominator,
              value: p.value === null ? null : +p.value.toFixed(6),
              ci95_lower: p.ci95 ? +p.ci95.lower.toFixed(6) : null,
              ci95_upper: p.ci95 ? +p.ci95.upper.toFixed(6) : null,
              name: p.name,
            })),
            "table",
            ["org_code", "numerator", "denominator", "value", "ci95_lower", "ci95_upper", "name"],
          ),
        );
      },
    );

  program
    .command("opportunities")
    .description(
      "Sized opportunities (gap to the peer benchmark × denominator, in natural units) and the highlighted metrics",
    )
    .requiredOption("--org <code>", "organisation ODS code")
    .option("--peers <group>", "peer group (default: all organisations of the same kind)")
    .option("--benchmark <kind>", `${BENCHMARKS.join(", ")}`, "upper_quartile")
    .option("--format <format>", "table or json", "table")
    .action(async (opts: { org: string; peers?: string; benchmark: string; format: string }) => {
      const format = parseFormat(opts.format, ["table", "json"]);
      if (!BENCHMARKS.includes(opts.benchmark as OpportunityBenchmark))
        throw new UsageError(
          `--benchmark must be one of ${BENCHMARKS.join(", ")}, not "${opts.benchmark}"`,
        );
      const r = await (
        await service(ctx)
      ).opportunities(opts.org, opts.peers, opts.benchmark as OpportunityBenchmark);
      if (format === "json") {
        ctx.io.out(JSON.stringify(r, null, 2) + "\n");
        return;
      }
      ctx.io.out(`${r.organisation.orgCode} ${r.organisation.name}\n`);
      ctx.io.out(
        `Peers: ${r.peers.name} (${r.peers.groupRef}, ${r.peers.members} members). Benchmark: ${r.benchmark.replace(/_/g, " ")} ("upper" = the better side).\n`,
      );
      ctx.io.out(
        "Opportunity = gap to the benchmark (in the metric's unit) ÷ multiplier × the organisation's denominator; quantiles are type 7 (R default, Excel QUARTILE.INC).\n\n",
      );
      ctx.io.out("Highlighted (opportunity with statistical evidence; noise never qualifies):\n");
      if (r.highlighted.length === 0) ctx.io.out("  none\n");
      ctx.io.out(
        r.highlighted.length === 0
          ? ""
          : renderRows(
              r.highlighted.map((h) => ({
                rank: h.rank,
                metric_id: h.metricId,
                score: +h.score.value.toFixed(3),
                opportunity: h.opportunity.text,
                evidence: h.reasons.join("; "),
              })),
              "table",
              ["rank", "metric_id", "score", "opportunity", "evidence"],
            ),
      );
      ctx.io.out("\nAll metrics:\n");
      ctx.io.out(
        renderRows(
          r.opportunities.map((o) => ({
            metric_id: o.metricId,
            period: o.period,
            status: o.status,
            value: o.value === null ? null : +o.value.toFixed(6),
            numerator: typeof o.inputs.numerator === "number" ? o.inputs.numerator : null,
            denominator: o.denominator,
            benchmark: o.benchmark ? +o.benchmark.value.toFixed(6) : null,
            peers_reporting: typeof o.inputs.peers === "number" ? o.inputs.peers : null,
            amount: +o.amount.toFixed(2),
            formula: o.formula,
            text: o.text,
          })),
          "table",
          [
            "metric_id",
            "period",
            "status",
            "value",
            "numerator",
            "denominator",
            "benchmark",
            "peers_reporting",
            "amount",
            "formula",
            "text",
          ],
        ),
      );
    });

  program
    .command("peers")
    .description("Recommended peers: the most similar organisations by size and activity mix")
    .requiredOption("--org <code>", "organisation ODS code")
    .option("--k <n>", "how many", "10")
    .option("--format <format>", "table or json", "table")
    .action(async (opts: { org: string; k: string; format: string }) => {
      const format = parseFormat(opts.format, ["table", "json"]);
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1 || k > 100)
        throw new UsageError(`--k must be a whole number from 1 to 100, not "${opts.k}"`);
      const r = await (await service(ctx)).recommendedPeers(opts.org, k);
      if (format === "json") {
        ctx.io.out(JSON.stringify(r, null, 2) + "\n");
        return;
      }
      ctx.io.out(
        `${r.organisation.orgCode} ${r.organisation.name}\n${r.method}\n\nFeatures (means over the last 12 periods):\n`,
      );
      ctx.io.out(
        renderRows(
          r.features.map((f) => ({
            feature: f.metricId,
            label: f.label,
            kind: f.kind,
            own: r.own[f.metricId] ?? null,
            mean: Number.isFinite(f.mean) ? +f.mean.toFixed(4) : null,
            sd: Number.isFinite(f.sd) ? +f.sd.toFixed(4) : null,
          })),
          "table",
          ["feature", "label", "kind", "own", "mean", "sd"],
        ),
      );
      ctx.io.out("\n");
      ctx.io.out(
        renderRows(
          r.peers.map((p, i) => ({
            rank: i + 1,
            org_code: p.orgCode,
            distance: +p.distance.toFixed(3),
            reason: p.reason,
            name: p.name,
          })),
          "table",
          ["rank", "org_code", "distance", "reason", "name"],
        ),
      );
      if (r.persistence)
        ctx.io.out(
          `\n${r.persistence.kept} of ${r.persistence.of} were also recommended on the data one period earlier.\n`,
        );
    });

  program
    .command("peer-evaluation")
    .description(
      "How well recommended peers, a size-only match, the region and Peer Finder groups predict trusts' values on held-out metrics (docs/peers-evaluation.md)",
    )
    .option("--k <n>", "how many recommended peers", "10")
    .option("--format <format>", "table or json", "table")
    .action(async (opts: { k: string; format: string }) => {
      const format = parseFormat(opts.format, ["table", "json"]);
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 3 || k > 50)
        throw new UsageError(`--k must be a whole number from 3 to 50, not "${opts.k}"`);
      const r = await (await service(ctx)).evaluatePeers(k);
      if (format === "json") {
        ctx.io.out(JSON.stringify(r, null, 2) + "\n");
        return;
      }
      ctx.io.out(
        `${formatNumber(r.trusts)} open acute trusts; ${formatNumber(r.cases)} trust-metric cases every method could predict (median of the other members, at least 3 reporting); error = mean |value − prediction| ÷ the SD across acute trusts; skill = 1 − error ÷ the England median's error; vs_random = 1 − error ÷ the error of k trusts drawn at random.\n\n`,
      );
      ctx.io.out(
        renderRows(
          r.methods.map((m) => ({
            method: m.method,
            error: +m.error.toFixed(3),
            skill: +m.skill.toFixed(3),
            vs_random: +m.skillVsRandom.toFixed(3),
            label: m.label,
          })),
          "table",
          ["method", "error", "skill", "vs_random", "label"],
        ),
      );
      ctx.io.out("\nBy metric (error):\n");
      ctx.io.out(
        renderRows(
          r.metrics.map((x) => ({
            metric: x.metricId,
            period: x.period,
            cases: x.cases,
            ...Object.fromEntries(
              r.methods.map((m) => [m.method, +(m.byMetric[x.metricId] ?? NaN).toFixed(3)]),
            ),
          })),
          "table",
          ["metric", "period", "cases", ...r.methods.map((m) => m.method)],
        ),
      );
      for (const m of r.missing) ctx.io.out(`\nNot compared: ${m.method}: ${m.reason}.\n`);
      ctx.io.out(
        `\nPersistence: ${formatNumber(r.persistence.kept)} of ${formatNumber(r.persistence.of)} recommended peers (${formatNumber(r.persistence.share * 100, 1)}%) were also recommended on the data one period earlier.\n`,
      );
    });
};
