/** The model of an organisation's dashboard page, from its dashboard and directory entry. */
import { regionName } from "../../../metrics/geography.js";
import { defaultGroup } from "../../../metrics/group-ref.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { CustomPeerGroup } from "../../../metrics/directory/store.js";
import {
  networks as networkDefinitions,
  networkFootprintContains,
} from "../../../metrics/networks.js";
import type {
  DashboardMetric,
  GroupRefText as GroupRef,
  OrganisationDashboard,
} from "../../../metrics/service.js";
import { mdcAssuranceIcon, mdcVariationIcon, sparkline } from "../../charts/index.js";
import * as links from "../../links.js";
import { compartments, kindLabel, longDate, showValue, topicOf } from "../../present.js";
import type { Organisation } from "../../../metrics/organisations.js";

/**
 * The peer groups offered for an organisation: its default group first (all acute trusts and the
 * acute trusts of its region and ICB for an acute trust; every organisation of its kind, such as
 * all ambulance trusts, otherwise), then networks, recommended peers and custom lists. With no
 * choice made, the default group is the one selected, as the dashboard compares with it.
 */
export function peerOptions(
  org: Organisation,
  customGroups: readonly CustomPeerGroup[],
  selected: GroupRef | undefined,
) {
  const options: { value: string; text: string }[] = [];
  if (org.kind === "acute_trust") {
    options.push({ value: "acute", text: "All acute trusts in England" });
    if (org.regionCode)
      options.push({
        value: `region-${org.regionCode}`,
        text: `Acute trusts in ${regionName(org.regionCode) ?? org.regionCode}`,
      });
    if (org.icbCode)
      options.push({ value: `icb-${org.icbCode}`, text: `Acute trusts in the same ICB` });
  } else {
    const kind = kindLabel[org.kind] ?? org.kind;
    options.push({ value: defaultGroup(org), text: `All ${kind.toLowerCase()}s in England` });
  }
  for (const n of networkDefinitions) {
    if (networkFootprintContains(n, { regionCode: org.regionCode, icbCode: org.icbCode }))
      options.push({ value: `network-${n.id}`, text: `Members of ${n.name}` });
  }
  options.push({
    value: `recommended:${org.orgCode}`,
    text: "Recommended peers (similar size and activity)",
  });
  for (const g of customGroups) options.push({ value: g.peerGroupId, text: `My list: ${g.name}` });
  if (selected && !options.some((o) => o.value === selected))
    options.push({ value: selected, text: selected });
  const chosen = selected ?? defaultGroup(org);
  return options.map((o) => ({ ...o, selected: o.value === chosen }));
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
    metricId: m.metric.metricId,
    title: m.metric.title,
    shortTitle: m.metric.shortTitle,
    href: links.organisationMetric(orgCode, m.metric.metricId, peers),
    value: showValue(m.metric, last),
    period: latest ? formatPeriod(latest.period, m.metric.periodType) : "",
    target: m.target ? `${showValue(m.metric, m.target.value)} (${m.target.label})` : null,
    variationIcon: spc ? mdcVariationIcon(spc.variationIcon, { size: 32, decorative: true }) : "",
    variationText: spc ? spc.variationText : m.trend.recentTrend.text,
    assuranceIcon: spc?.assuranceIcon
      ? mdcAssuranceIcon(spc.assuranceIcon, { size: 32, decorative: true })
      : "",
    assuranceText: spc?.assuranceIcon ? spc.assuranceText : null,
    sparkline: sparkline(values, { reference: m.target?.value ?? null }),
    sparklineText: sparklineText(m, values, first, last),
    quartile: m.quartile?.text ?? null,
    opportunity: m.opportunity && m.opportunity.amount > 0 ? m.opportunity.text : null,
    opportunityFormula: m.opportunity && m.opportunity.amount > 0 ? m.opportunity.formula : null,
  };
}

export function organisationPage(input: {
  organisation: Organisation;
  dashboard: OrganisationDashboard;
  successor: Organisation | undefined;
  customGroups: readonly CustomPeerGroup[];
  peers: string | undefined;
}) {
  const { organisation: row, dashboard, successor, customGroups, peers } = input;
  const code = row.orgCode;
  const rows = dashboard.metrics.map((m) => ({
    ...dashboardRow(m, code, peers),
    topic: topicOf(m.metric),
  }));
  const sections = compartments
    .map((c) => ({ ...c, rows: rows.filter((r) => r.topic && c.topics.includes(r.topic)) }))
    .filter((c) => c.rows.length > 0);
  return {
    org: dashboard.organisation,
    kindLabel: kindLabel[row.kind] ?? row.kind,
    regionName: row.regionCode ? regionName(row.regionCode) : null,
    closed: row.closeDate ? longDate(row.closeDate) : null,
    successor: successor ? { name: successor.name, href: links.organisation(successor) } : null,
    peersName: dashboard.peers.name,
    peersMembers: dashboard.peers.members,
    peerOptions: peerOptions(dashboard.organisation, customGroups, peers),
    sections,
    highlighted: dashboard.highlighted.slice(0, 5).map((h) => ({
      title: h.title,
      href: links.organisationMetric(code, h.metricId, peers),
      text: h.opportunity.text,
      formula: h.opportunity.formula,
      reasons: h.reasons,
    })),
  };
}
