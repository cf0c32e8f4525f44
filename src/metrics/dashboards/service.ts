/**
 * Dashboards of groups of organisations: a learning and improvement network, an NHS England region
 * and an ICB. Each shows the members, the group's own aggregate for each metric of its focus (from
 * numerators and denominators, see ./store.ts) with SPC of that aggregate, England's value for the
 * same period, and every member's latest value with its SPC summary.
 */
import { groupRebaseDates } from "../analytics/baseline.js";
import { analyseSpc, type SpcResult } from "../../stats/spc/index.js";
import { NotFoundError } from "../../errors.js";
import { catalogue, spcDirectionOf } from "../catalogue/index.js";
import type { MetricDefinition, Topic } from "../catalogue/types.js";
import type { DirectoryService } from "../directory/service.js";
import type { NetworkMember, NetworkSummary } from "../directory/store.js";
import { icbByOdsCode, icbShortName, regionName } from "../geography.js";
import type { AnalyticsService, OrganisationDashboard, SpcSummaryInfo } from "../service.js";
import type { GroupRef } from "../group-ref.js";
import { periodTypeOf, targetInForce } from "../analytics/metric-info.js";
import { directionSignOf } from "../catalogue/direction.js";
import type { PeriodType } from "../values.js";
import type { AggregatePoint, GroupAggregateStore } from "./store.js";

/** The topics a network's focus covers; regions and ICBs cover them all. */
const focusTopics: Record<string, Topic[]> = {
  uec: ["uec", "flow", "ambulance"],
  elective: ["elective", "diagnostics", "outpatients", "cancer", "theatres"],
  both: [
    "uec",
    "flow",
    "ambulance",
    "elective",
    "diagnostics",
    "outpatients",
    "cancer",
    "theatres",
  ],
};

/** The topics a network of this focus covers (`uec`, `elective`, `both`); all for an unknown one. */
export function focusTopicsOf(focus: string | null): Topic[] {
  return focusTopics[focus ?? "both"] ?? focusTopics.both!;
}

/**
 * Whether a group's aggregate of the metric can be shown: it can be aggregated over the group
 * (numerators and denominators, or counts) and is reported by providers, not only nationally.
 */
export function isGroupMetric(m: MetricDefinition): boolean {
  return m.aggregation !== "not_aggregable" && !m.reportedBy.every((k) => k === "country");
}

/** The metrics of `topics` a group dashboard shows, in catalogue order. */
export function groupMetrics(topics: readonly Topic[]): MetricDefinition[] {
  return catalogue.filter((m) => topics.includes(m.topic) && isGroupMetric(m));
}

/** A member's latest value of a metric (from its own dashboard). */
export interface MemberValue {
  orgCode: string;
  name: string;
  value: number;
  period: string | null;
  spc: SpcSummaryInfo | null;
}

/** One metric of a group dashboard: the group's aggregate, England's, and the members'. */
export interface GroupMetricRow {
  metric: MetricDefinition;
  /** The metric's periods (month, quarter, twelve months…). */
  periodType: PeriodType;
  /** The group's latest period with a value. */
  latest: AggregatePoint;
  /** England's value for that period (null where England has none). */
  england: number | null;
  /** SPC of the group's aggregate series (null under two points). */
  spc: SpcResult | null;
  /** Members (providers) with a latest value. */
  members: MemberValue[];
}

export interface GroupDashboard {
  name: string;
  members: NetworkMember[];
  /** The metrics of the group's focus that can be aggregated, in catalogue order. */
  metrics: MetricDefinition[];
  /** Those with data. */
  rows: GroupMetricRow[];
}

export interface NetworkDashboard extends GroupDashboard {
  network: NetworkSummary;
}

export interface GroupDashboardService {
  /** @throws NotFoundError when there is no such network. */
  network(networkId: string): Promise<NetworkDashboard>;
  /** @throws NotFoundError when there is no such region. */
  region(regionCode: string): Promise<GroupDashboard>;
  /** @throws NotFoundError when there is no such ICB. */
  icb(icbCode: string): Promise<GroupDashboard>;
  /**
   * An ad hoc list of organisations combined as one group (a proposal's participants), for the
   * metrics named of any topic (each group metric; others are left out), built as the other
   * dashboards are.
   * Unknown codes are left out of the members; the aggregate covers the codes that report.
   */
  organisations(
    name: string,
    orgCodes: readonly string[],
    metricIds: readonly string[],
  ): Promise<GroupDashboard>;
}

export function createGroupDashboardService(deps: {
  store: GroupAggregateStore;
  directory: DirectoryService;
  analytics: AnalyticsService;
}): GroupDashboardService {
  const { store, directory, analytics } = deps;

  async function build(
    group: GroupRef,
    name: string,
    members: NetworkMember[],
    metrics: MetricDefinition[],
  ): Promise<GroupDashboard> {
    const providers = members.filter((m) => m.kind !== "icb");
    const dashboards = new Map<string, OrganisationDashboard>();
    for (const m of providers) {
      const d = await analytics.organisationDashboard(m.orgCode).catch(() => null);
      if (d) dashboards.set(m.orgCode, d);
    }
    const rows: GroupMetricRow[] = [];
    for (const metric of metrics) {
      // Each metric in its own periods: quarterly KH03 beds and cancelled operations too.
      const periodType = periodTypeOf(metric);
      const [own, england] = await Promise.all([
        store.aggregateSeries(metric.id, group, periodType),
        store.aggregateSeries(metric.id, { kind: "england" }, periodType),
      ]);
      // The latest period with a value, or one whose aggregate is unavailable (shown as such with
      // its reason, not skipped for an older period as if nothing had been reported).
      const latest = own.filter((p) => p.value !== null || p.unavailable !== undefined).at(-1);
      if (!latest) continue;
      // The target in force at the latest period, as an organisation's chart takes it
      // (analytics/detail.ts): assurance is judged against it, and none without a direction.
      const target =
        directionSignOf(metric) !== 0 ? targetInForce(metric, latest.periodStart) : null;
      const spc =
        own.length >= 2
          ? analyseSpc(
              own.map((p) => ({ date: p.periodStart, value: p.value })),
              {
                improvementDirection: spcDirectionOf(metric),
                target: target?.value ?? null,
                // The default baseline's breaks, as every other chart (baseline.ts).
                rebase: groupRebaseDates(
                  own.map((p) => p.periodStart),
                  own.map((p) => p.value),
                  periodType,
                ),
              },
            )
          : null;
      const memberValues: MemberValue[] = [];
      for (const m of providers) {
        const dm = dashboards.get(m.orgCode)?.metrics.find((x) => x.metric.metricId === metric.id);
        const value = dm?.latest?.value ?? null;
        if (value === null) continue;
        memberValues.push({
          orgCode: m.orgCode,
          name: m.name,
          value,
          period: dm?.latest?.period ?? null,
          spc: dm?.trend.spc ?? null,
        });
      }
      rows.push({
        metric,
        periodType,
        latest,
        england: england.find((p) => p.periodStart === latest.periodStart)?.value ?? null,
        spc,
        members: memberValues,
      });
    }
    return { name, members, metrics, rows };
  }

  return {
    async network(networkId) {
      const network = (await directory.networks()).find((n) => n.networkId === networkId);
      if (!network) throw new NotFoundError(`There is no network "${networkId}".`);
      const members = await directory.networkMembers(networkId);
      const dashboard = await build(
        { kind: "network", networkId },
        network.name,
        members,
        groupMetrics(focusTopicsOf(network.focus)),
      );
      return { ...dashboard, network };
    },
    async region(regionCode) {
      const name = regionName(regionCode);
      if (!name) throw new NotFoundError(`There is no NHS England region ${regionCode}.`);
      const orgs = (await directory.organisations({ regionCode })).filter(
        (o) => o.kind !== "region" && o.kind !== "country",
      );
      return build(
        { kind: "region", regionCode },
        name,
        orgs.map((o) => ({ orgCode: o.orgCode, name: o.name, kind: o.kind })),
        groupMetrics(focusTopics.both!),
      );
    },
    async icb(icbCode) {
      const icb = icbByOdsCode(icbCode);
      if (!icb) throw new NotFoundError(`There is no integrated care board ${icbCode}.`);
      const orgs = (await directory.organisations({ icbCode })).filter((o) => o.kind !== "icb");
      return build(
        { kind: "icb", icbCode },
        `${icbShortName(icb)} ICB`,
        orgs.map((o) => ({ orgCode: o.orgCode, name: o.name, kind: o.kind })),
        groupMetrics(focusTopics.both!),
      );
    },
    async organisations(name, orgCodes, metricIds) {
      const members: NetworkMember[] = [];
      for (const orgCode of new Set(orgCodes)) {
        const o = await directory.organisation(orgCode);
        if (o) members.push({ orgCode: o.orgCode, name: o.name, kind: o.kind });
      }
      const wanted = new Set(metricIds);
      return build(
        { kind: "orgs", orgCodes: members.map((m) => m.orgCode) },
        name,
        members,
        catalogue.filter((m) => wanted.has(m.id) && isGroupMetric(m)),
      );
    },
  };
}
