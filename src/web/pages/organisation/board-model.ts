/**
 * The model of an organisation's board view: every metric of its dashboard in one compact table
 * (RDE: 118 metrics on 5 A4 pages), as the Making Data Count summary icon table (NHS England,
 * "Making Data Count: board reports"): icons first, their words read out and in a key, and each
 * value's period. Built from the same dashboard and compartments as the organisation page.
 */
import { formatNumber, ordinal } from "../../../metrics/format.js";
import { orgKindWithSubtype, type Organisation } from "../../../metrics/organisations.js";
import type { DashboardMetric, OrganisationDashboard } from "../../../metrics/service.js";
import type { AssuranceIcon, VariationIcon } from "../../../stats/spc/index.js";
import {
  assuranceIconText,
  mdcAssuranceIcon,
  mdcVariationIcon,
  variationIconText,
} from "../../charts/index.js";
import * as links from "../../links.js";
import { showValue } from "../../present.js";
import { publishedPeriodName } from "../metric-detail/published-judgement.js";
import { dashboardSections, latestPeriodText, sectionFields } from "./dashboard-sections.js";
import { standingText, type Standings } from "./oversight-standings.js";

const ICON_SIZE = 28;

/** An icon drawn beside its words, which are hidden but read out and shown on hover. */
interface BoardIcon {
  svg: string;
  words: string;
}

/**
 * Where the value stands among peers in a few words: "Best quarter, 52nd of 124"; quarters of a
 * metric that is neither better high nor low are highest and lowest.
 */
export function peersShort(m: DashboardMetric): string | null {
  if (m.metric.category) return "NHS England's own category";
  if (m.notCurrent) return "Not compared: not current";
  const q = m.quartile;
  if (!q) return null;
  const words =
    q.rank.order === "highest_first"
      ? ["Highest", "Second-highest", "Second-lowest", "Lowest"]
      : ["Best", "Second-best", "Second-worst", "Worst"];
  return `${words[q.quarter - 1] ?? ""} quarter, ${ordinal(q.rank.rank)} of ${q.rank.of}`;
}

/**
 * The opportunity in a few words, without its benchmark: "839 more patients seen within 4 hours
 * a month" (the organisation page and the metric's page give the benchmark and the formula).
 */
export function opportunityShort(m: DashboardMetric): string | null {
  if (m.notCurrent) return "Not sized: not current";
  const o = m.opportunity;
  if (!o || o.amount <= 0) return null;
  const more = m.metric.improvementDirection === "lower_is_better" ? "fewer" : "more";
  return `${formatNumber(o.amount, o.amount >= 100 ? 0 : 1)} ${more} ${o.noun ?? "units"} ${o.per}`;
}

function variationIcon(code: VariationIcon): BoardIcon {
  return {
    svg: mdcVariationIcon(code, { size: ICON_SIZE, decorative: true }),
    words: variationIconText(code),
  };
}

function assuranceIcon(code: AssuranceIcon): BoardIcon {
  return {
    svg: mdcAssuranceIcon(code, { size: ICON_SIZE, decorative: true }),
    words: assuranceIconText(code),
  };
}

/** One metric's row: value and period, the two icons (or why there is none), peers, opportunity. */
function boardRow(
  m: DashboardMetric,
  orgCode: string,
  peers: string | undefined,
  standings: Standings,
) {
  const spc = m.trend.spc;
  return {
    ...sectionFields(m),
    title: m.metric.title,
    /** Printed instead of the title, so that a row is one line on paper. */
    shortTitle: m.metric.shortTitle,
    href: links.organisationMetric(orgCode, m.metric.metricId, peers),
    value: showValue(m.metric, m.latest?.value ?? null),
    /** The value as data, for spreadsheets (`value` is its display text). */
    latestValue: m.latest?.value ?? null,
    unit: m.metric.unit,
    // "NHS England's own" is said once, under Among peers, so the period is the period alone.
    period:
      m.metric.category && m.latest
        ? publishedPeriodName(m.latest.period, m.metric.periodType)
        : latestPeriodText(m),
    notCurrent: m.notCurrent,
    variation: spc ? variationIcon(spc.variationIcon) : null,
    variationCode: spc?.variationIcon ?? null,
    /** Why there is no variation icon: the organisation page's words ("SPC needs 15 points…"). */
    notJudged: spc ? null : m.trend.recentTrend.text,
    assurance: spc?.assuranceIcon ? assuranceIcon(spc.assuranceIcon) : null,
    assuranceCode: spc?.assuranceIcon ?? null,
    target: m.target ? showValue(m.metric, m.target.value) : null,
    targetLabel: m.target?.label ?? null,
    // An Oversight Framework value stands where NHS England places it (oversight-standings.ts).
    peers: standingText(standings, m, true) ?? peersShort(m),
    opportunity: standingText(standings, m) ? null : opportunityShort(m),
  };
}

type BoardRow = ReturnType<typeof boardRow>;

/** The key: each icon used on the page, with its words, in the order the Making Data Count guide lists them. */
function iconKey(rows: readonly BoardRow[]) {
  const variations: VariationIcon[] = [
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
  ];
  const assurances: AssuranceIcon[] = ["pass", "fail", "inconsistent"];
  return [
    ...variations.filter((v) => rows.some((r) => r.variationCode === v)).map(variationIcon),
    ...assurances.filter((a) => rows.some((r) => r.assuranceCode === a)).map(assuranceIcon),
  ];
}

/**
 * The periods in plain words: "Most values are for July 2025 (41 of 95); each value's own period
 * is beside it." with how many are not current.
 */
function periodsSummary(rows: readonly BoardRow[]): string {
  const withValue = rows.filter((r) => r.period !== "");
  const counts = new Map<string, number>();
  for (const r of withValue) counts.set(r.period, (counts.get(r.period) ?? 0) + 1);
  const [mode, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  const notCurrent = rows.filter((r) => r.notCurrent).length;
  const sentences = [
    mode
      ? `Each value is the latest held for its metric, with its period beside it; the most common period is ${mode} (${n} of ${withValue.length} values).`
      : "No values yet.",
  ];
  if (notCurrent > 0)
    sentences.push(
      `${notCurrent} ${notCurrent === 1 ? "value is" : "values are"} not current (not for its peers' period, or the metric's newest data is old): marked so, and neither compared with peers nor sized.`,
    );
  return sentences.join(" ");
}

export function boardPage(input: {
  organisation: Organisation;
  dashboard: OrganisationDashboard;
  peers: string | undefined;
  standings?: Standings;
}) {
  const { organisation, dashboard, peers } = input;
  const standings: Standings = input.standings ?? new Map();
  const code = organisation.orgCode;
  const sections = dashboardSections(dashboard.metrics, (m) =>
    boardRow(m, code, peers, standings),
  ).map((s) => ({ id: s.id, title: s.title, compact: s.compact, rows: s.rows }));
  const rows = sections.flatMap((s) => s.rows);
  return {
    org: dashboard.organisation,
    dataVersion: dashboard.dataVersion,
    kindLabel: orgKindWithSubtype(organisation),
    dashboardHref: links.organisationDashboard(code, peers),
    /** The downloads keep the page's peer group. */
    peersQuery: peers ? `?peers=${encodeURIComponent(peers)}` : "",
    peersName: dashboard.peers.name,
    peersOpen: dashboard.peers.open,
    periods: periodsSummary(rows),
    metricCount: rows.length,
    key: iconKey(rows),
    sections,
  };
}
