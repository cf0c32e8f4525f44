/**
 * Where a report's figures come from: the same services as the subject's own pages, so a
 * report never says anything its dashboard or metric page does not.
 * - An organisation: each metric from `analytics.metricDetail(orgCode, metricId)`, the metric
 *   page's own call (its SPC with the organisation's rebase decisions, and the target in force
 *   at the latest period, from `targetInForce` in src/metrics/analytics/metric-info.ts).
 * - A network or a region: the group dashboard's rows (SPC of the group's aggregate series).
 * - A proposal: its participating organisations combined as one group, built as the group
 *   dashboards are (`GroupDashboardService.organisations`).
 * SPC and targets are never derived here again. A metric with no data for the subject is listed
 * in its section's `missing`, never silently dropped.
 */
import { NotFoundError } from "../errors.js";
import { targetInForce } from "../metrics/analytics/metric-info.js";
import { catalogue, getMetric } from "../metrics/catalogue/index.js";
import type { MetricDefinition } from "../metrics/catalogue/types.js";
import {
  focusTopicsOf,
  groupMetrics,
  isGroupMetric,
  type GroupDashboard,
  type GroupDashboardService,
  type GroupMetricRow,
} from "../metrics/dashboards/service.js";
import type { DirectoryService } from "../metrics/directory/service.js";
import { regionName } from "../metrics/geography.js";
import { orgKindLabel } from "../metrics/organisations.js";
import type { AnalyticsService, MetricDetail } from "../metrics/service.js";
import type { Proposal } from "../proposals/types.js";
import { defaultDefinitions, type DefaultsContext, type GuideMeasures } from "./defaults.js";
import type {
  ReportDefinition,
  ReportMetric,
  ReportSectionData,
  ReportSubject,
  SubjectInfo,
} from "./types.js";

export interface ReportSourceDeps {
  analytics: Pick<AnalyticsService, "metricDetail">;
  groups: Pick<GroupDashboardService, "network" | "region" | "organisations">;
  directory: Pick<DirectoryService, "organisation" | "networks">;
  /** A proposal by its number, whoever asks (who may see it is the service's check), or null. */
  proposal(proposalId: number): Promise<Proposal | null>;
  /** The published guides' current versions and the catalogue measures they track. */
  guides(): Promise<GuideMeasures[]>;
}

export interface ReportSources {
  /** @throws NotFoundError when the subject does not exist. */
  describeSubject(subject: ReportSubject): Promise<SubjectInfo>;
  /** The ready-made definitions for the subject (./defaults.ts). */
  defaults(subject: ReportSubject): Promise<ReportDefinition[]>;
  /** The definition's sections with each metric's figures, SPC and target for the subject. */
  reportSections(
    subject: ReportSubject,
    definition: Pick<ReportDefinition, "sections">,
  ): Promise<ReportSectionData[]>;
}

const NO_SPC_CATEGORY =
  "A category assigned by its publication, not a measurement: SPC does not apply.";
const NO_SPC_FEW = "Fewer than two periods with a value: too few for SPC.";

/** The metric page's figures as a report row. */
function fromDetail(metric: MetricDefinition, d: MetricDetail, label: string): ReportMetric {
  const last = d.series.filter((v) => v.value !== null).at(-1);
  return {
    metric,
    periodType: d.metric.periodType,
    latest: last ? { period: last.period, value: last.value! } : null,
    target: d.target ? { value: d.target.value, label: d.target.label } : null,
    spc: d.spc,
    notJudged: d.spc ? null : d.metric.category !== null ? NO_SPC_CATEGORY : NO_SPC_FEW,
    seriesLabel: label,
  };
}

/** A group dashboard's row as a report row (the target in force at the group's latest period). */
function fromGroupRow(row: GroupMetricRow, label: string): ReportMetric {
  const target = targetInForce(row.metric, row.latest.periodStart);
  return {
    metric: row.metric,
    periodType: row.periodType,
    latest:
      row.latest.value !== null
        ? { period: row.latest.periodStart, value: row.latest.value }
        : null,
    target: target ? { value: target.value, label: target.label } : null,
    spc: row.spc,
    notJudged:
      row.latest.value === null
        ? `The latest period's aggregate is not available: ${row.latest.unavailable ?? "no member reported both its numerator and denominator"}.`
        : row.spc
          ? null
          : NO_SPC_FEW,
    seriesLabel: label,
  };
}

/** Which catalogue metrics a subject can show, and those words for the defaults' descriptions. */
type Showable = Pick<DefaultsContext, "metrics" | "metricsLabel">;

export function createReportSources(deps: ReportSourceDeps): ReportSources {
  const { analytics, groups, directory } = deps;

  async function organisation(orgCode: string) {
    const org = await directory.organisation(orgCode);
    if (!org) throw new NotFoundError(`There is no organisation ${orgCode}.`);
    return org;
  }
  async function network(networkId: string) {
    const found = (await directory.networks()).find((n) => n.networkId === networkId);
    if (!found) throw new NotFoundError(`There is no network "${networkId}".`);
    return found;
  }
  function region(regionCode: string): string {
    const name = regionName(regionCode);
    if (!name) throw new NotFoundError(`There is no NHS England region ${regionCode}.`);
    return name;
  }
  async function proposal(proposalId: number): Promise<Proposal> {
    const found = await deps.proposal(proposalId);
    if (!found) throw new NotFoundError(`There is no proposal ${proposalId}.`);
    return found;
  }

  async function showable(subject: ReportSubject): Promise<Showable> {
    switch (subject.kind) {
      case "organisation": {
        const org = await organisation(subject.orgCode);
        return {
          metrics: catalogue.filter((m) => m.reportedBy.includes(org.kind)),
          metricsLabel: `metrics reported by organisations of its kind (${orgKindLabel[org.kind].toLowerCase()})`,
        };
      }
      case "network": {
        const n = await network(subject.networkId);
        return {
          metrics: groupMetrics(focusTopicsOf(n.focus)),
          metricsLabel: "metrics of the network's focus combined over its members",
        };
      }
      case "region":
        region(subject.regionCode);
        return {
          metrics: groupMetrics(focusTopicsOf("both")),
          metricsLabel: "metrics the region's dashboard combines over its NHS providers",
        };
      case "proposal":
        await proposal(subject.proposalId);
        return {
          metrics: catalogue.filter(isGroupMetric),
          metricsLabel: "metrics that can be combined over the participating organisations",
        };
    }
  }

  /** Each metric of the definition as a report row, or null when the subject has no data. */
  async function metricsOf(
    subject: ReportSubject,
    metricIds: readonly string[],
  ): Promise<Map<string, ReportMetric>> {
    const out = new Map<string, ReportMetric>();
    if (subject.kind === "organisation") {
      const org = await organisation(subject.orgCode);
      const label = `${org.name}'s own series`;
      for (const id of metricIds) {
        const metric = getMetric(id);
        if (!metric) continue;
        const detail = await analytics.metricDetail(org.orgCode, id).catch((e: unknown) => {
          if (e instanceof NotFoundError) return null;
          throw e;
        });
        if (detail && detail.latestPeriod !== null) out.set(id, fromDetail(metric, detail, label));
      }
      return out;
    }
    let dashboard: GroupDashboard;
    let label: string;
    if (subject.kind === "network") {
      dashboard = await groups.network(subject.networkId);
      label = "the network's member providers combined";
    } else if (subject.kind === "region") {
      dashboard = await groups.region(subject.regionCode);
      label = "the region's NHS providers combined";
    } else {
      const p = await proposal(subject.proposalId);
      dashboard = await groups.organisations(p.title, p.participants, metricIds);
      label = `the proposal's ${p.participants.length} participating organisations combined`;
    }
    for (const row of dashboard.rows)
      if (metricIds.includes(row.metric.id)) out.set(row.metric.id, fromGroupRow(row, label));
    return out;
  }

  return {
    async describeSubject(subject) {
      switch (subject.kind) {
        case "organisation": {
          const org = await organisation(subject.orgCode);
          return { subject, name: org.name, kindLabel: orgKindLabel[org.kind] };
        }
        case "network":
          return {
            subject,
            name: (await network(subject.networkId)).name,
            kindLabel: "Learning and improvement network",
          };
        case "region":
          return { subject, name: region(subject.regionCode), kindLabel: "NHS England region" };
        case "proposal":
          return {
            subject,
            name: (await proposal(subject.proposalId)).title,
            kindLabel: "Proposal",
          };
      }
    },

    async defaults(subject) {
      const [can, guides] = await Promise.all([showable(subject), deps.guides()]);
      const p = subject.kind === "proposal" ? await proposal(subject.proposalId) : null;
      return defaultDefinitions(subject, {
        ...can,
        guides,
        ...(p
          ? {
              proposal: {
                primaryMetricId: p.primaryMetricId,
                balancingMetricIds: p.balancingMetricIds,
              },
            }
          : {}),
      });
    },

    async reportSections(subject, definition) {
      const ids = definition.sections.flatMap((s) => s.metricIds);
      const found = await metricsOf(subject, ids);
      return definition.sections.map((s) => ({
        title: s.title,
        metrics: s.metricIds.flatMap((id) => found.get(id) ?? []),
        missing: s.metricIds.filter((id) => !found.has(id)),
      }));
    },
  };
}
