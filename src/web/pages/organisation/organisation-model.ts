/**
 * The model of an organisation's dashboard page, from its dashboard, directory entry and what the
 * reference publications say of it (kind and where it comes from, history, networks and their
 * leads, Peer Finder group).
 */
import { regionName } from "../../../metrics/geography.js";
import type { PeriodType } from "../../../metrics/values.js";
import { publishedPeriodName } from "../metric-detail/published-judgement.js";
import { standingText, type Standings } from "./oversight-standings.js";
import { opportunityShort, peersShort } from "./board-model.js";
import type { OrganisationReference } from "../../../metrics/directory/store.js";
import type { DashboardMetric, OrganisationDashboard } from "../../../metrics/service.js";
import {
  acuteSubtypeLabel,
  orgKindStatement,
  orgKindWithSubtype,
  type Organisation,
} from "../../../metrics/organisations.js";
import { publishedTrustTypeLabel } from "../../../metrics/reference-data.js";
import {
  assuranceIconText,
  mdcAssuranceIcon,
  mdcVariationIcon,
  sparkline,
} from "../../charts/index.js";
import * as links from "../../links.js";
import { longDate, showValue } from "../../present.js";
import { dashboardSections, latestPeriodText, sectionFields } from "./dashboard-sections.js";
import { historyModel } from "./history-model.js";
import { networksModel } from "./networks-model.js";
import { peerOptions, type PeerChoices } from "./peer-options.js";

/**
 * What kind of organisation it is and where that comes from, in sentences: "Acute trust
 * (specialist), from the trust-type table of 2024–25 (…). The NHS Staff Survey 2024 groups it with …".
 */
export function kindSentences(org: Organisation, reference: OrganisationReference): string[] {
  const sentences = [`${orgKindStatement(org)}.`];
  const type = reference.trustType;
  if (type?.typesDisagree && org.subtype)
    sentences.push(
      `The NHS Staff Survey 2024 groups it with "${type.surveyGroup ?? "another group"}"; the trust-type table follows the NHS Oversight Framework 2025/26, which gives it the ${acuteSubtypeLabel[org.subtype]} subtype.`,
    );
  if (type && type.sectors.length > 0)
    sentences.push(
      `The NHS Staff Survey counts its sectors apart: ${type.sectors.map((s) => `${publishedTrustTypeLabel(s.publishedType)} (${s.orgCode})`).join(" and ")}.`,
    );
  return sentences;
}

/**
 * The sparkline in words: "From 70.1% to 78.1% over the last 24 periods", counting from the first
 * period with a value; a single value is said as one.
 */
function sparklineText(
  m: DashboardMetric,
  values: readonly (number | null)[],
  first: number | null,
  last: number | null,
): string {
  if (first === null || last === null) return "";
  const observed = values.filter((v) => v !== null).length;
  if (observed < 2) return `One value so far: ${showValue(m.metric, last)}`;
  const span = values.length - values.findIndex((v) => v !== null);
  return `From ${showValue(m.metric, first)} to ${showValue(m.metric, last)} over the last ${span} periods`;
}

/** One metric of the dashboard: latest value, SPC icons, sparkline, quartile and opportunity. */
function dashboardRow(m: DashboardMetric, orgCode: string, peers: string | undefined) {
  const latest = m.latest;
  const spc = m.trend.spc;
  const values = m.sparkline.values;
  const first = values.find((v) => v !== null) ?? null;
  const last = latest?.value ?? null;
  return {
    ...sectionFields(m),
    title: m.metric.title,
    shortTitle: m.metric.shortTitle,
    href: links.organisationMetric(orgCode, m.metric.metricId, peers),
    value: showValue(m.metric, last),
    period: latestPeriodText(m),
    target: m.target ? `${showValue(m.metric, m.target.value)} (${m.target.label})` : null,
    variationIcon: spc ? mdcVariationIcon(spc.variationIcon, { size: 32, decorative: true }) : "",
    variationText: spc ? spc.variationText : m.trend.recentTrend.text,
    assuranceIcon: spc?.assuranceIcon
      ? mdcAssuranceIcon(spc.assuranceIcon, { size: 32, decorative: true })
      : "",
    assuranceText: spc?.assuranceIcon ? spc.assuranceText : null,
    sparkline: sparkline(values, { reference: m.target?.value ?? null }),
    sparklineText: sparklineText(m, values, first, last),
    periodStart: latest?.period ?? null,
    periodType: m.metric.periodType,
    // A category (an Oversight Framework score or segment) is NHS England's own: not compared.
    quartile: m.metric.category
      ? "NHS England's own category: not compared"
      : (m.quartile?.text ?? null),
    // Why an old value is neither compared nor sized (recency.ts), in the "Among peers" cell.
    notCurrent: m.notCurrent,
    opportunity: m.opportunity && m.opportunity.amount > 0 ? m.opportunity.text : null,
    // On paper, the board view's few words (the page's full sentences printed on 14 pages).
    quartileShort: peersShort(m),
    opportunityShort: opportunityShort(m),
    variationShort: spc ? null : m.trend.headline === "none" ? "Not judged yet" : null,
    targetShort: m.target
      ? `${showValue(m.metric, m.target.value)}${spc?.assuranceIcon ? `: ${assuranceIconText(spc.assuranceIcon)}` : ""}`
      : null,
    opportunityFormula: m.opportunity && m.opportunity.amount > 0 ? m.opportunity.formula : null,
  };
}

/**
 * What the Oversight Framework section is and its newest period, the segmentation's: "NHS
 * England's own figures, as published … The segmentation is for Q1 2025/26 (Apr–Jun 2025)."
 */
function oversightNote(
  rows: readonly {
    metricId: string;
    periodStart: string | null;
    periodType: PeriodType;
  }[],
): string {
  const segment = rows.find((r) => r.metricId === SEGMENT_METRIC && r.periodStart !== null);
  return [
    "NHS England's own figures, as published in its NHS Oversight Framework 2025/26 acute-trust data: its segments and scores (1 best, 4 worst) and the metric values they rest on (rounded); each metric's page gives NHS England's median, quartiles, rank and score.",
    segment?.periodStart
      ? `The segmentation is for ${publishedPeriodName(segment.periodStart, segment.periodType)}; each metric's own period, which differs by metric, is beside its value.`
      : "Each metric's own period, which differs by metric, is beside its value.",
  ].join(" ");
}

/** The Oversight Framework's adjusted segment, whose period is the segmentation's. */
const SEGMENT_METRIC = "nof_of5000";

export function organisationPage(input: {
  organisation: Organisation;
  dashboard: OrganisationDashboard;
  reference: OrganisationReference;
  choices: PeerChoices;
  peers: string | undefined;
  /**
   * NHS England's own standing of the Oversight Framework's metric values (median, quartiles,
   * rank), by metric id: those rows say where NHS England places the trust, not our quartiles.
   */
  standings?: Standings;
}) {
  const { organisation: row, dashboard, reference, choices, peers } = input;
  const standings: Standings = input.standings ?? new Map();
  const code = row.orgCode;
  // NHS England's own figures, one period each, have a compact table and a note on their periods;
  // its metric values stand where NHS England places them (oversight-standings.ts).
  const sections = dashboardSections(dashboard.metrics, (m) => {
    const r = dashboardRow(m, code, peers);
    const standing = standingText(standings, m);
    return standing
      ? {
          ...r,
          quartile: standing,
          quartileShort: standingText(standings, m, true),
          opportunity: null,
        }
      : r;
  }).map(({ members, ...s }) => ({ ...s, note: s.compact ? oversightNote(members) : null }));
  return {
    org: dashboard.organisation,
    kindLabel: orgKindWithSubtype(row),
    kindSentences: kindSentences(row, reference),
    regionName: row.regionCode ? regionName(row.regionCode) : null,
    closed: row.closeDate ? longDate(row.closeDate) : null,
    history: historyModel(row.name, reference),
    networks: networksModel(row, reference),
    peersName: dashboard.peers.name,
    peersMembers: dashboard.peers.members,
    peersOpen: dashboard.peers.open,
    peerOptions: peerOptions(dashboard.organisation, choices, peers),
    boardHref: links.organisationBoard(code, peers),
    dashboardCsvHref: links.organisationDashboardCsv(code, peers),
    sections,
    highlighted: dashboard.highlighted.slice(0, 5).map((h) => ({
      title: h.title,
      // Every value with its period: the month (or quarter, year) the opportunity is sized on.
      period: (() => {
        const m = dashboard.metrics.find((x) => x.metric.metricId === h.metricId);
        return m ? latestPeriodText(m) || null : null;
      })(),
      href: links.organisationMetric(code, h.metricId, peers),
      text: h.opportunity.text,
      formula: h.opportunity.formula,
      reasons: h.reasons,
    })),
  };
}
