/**
 * Ready-made report definitions for a subject, computed (never stored, decision 0018) from what
 * the subject can show, so they follow the catalogue and the guides as they change:
 * - one per catalogue topic with metrics the subject can show (`topic-<topic>`); a topic with
 *   more than 60 such metrics is split into parts (`topic-<topic>`, `topic-<topic>-part-2`…),
 *   each description saying which part of how many metrics it holds;
 * - one per published guide whose measures the subject can show (`guide-<guideId>`), the
 *   measures in sections by their role (outcome, process, balancing);
 * - for a proposal, its measures (`proposal-measures`): "Primary measures" and "Balancing
 *   measures".
 */
import { catalogue, topicTitle } from "../metrics/catalogue/index.js";
import type { MetricDefinition } from "../metrics/catalogue/types.js";
import { MAX_REPORT_METRICS } from "./definition.js";
import type { ReportDefinition, ReportSection, ReportSubject } from "./types.js";

/** A published guide's current version, as far as reports need it. */
export interface GuideMeasures {
  guideId: string;
  title: string;
  version: string;
  measures: readonly { metricId: string; role: "outcome" | "process" | "balancing" }[];
}

/** What the defaults are computed from (./sources.ts gathers it). */
export interface DefaultsContext {
  /** The catalogue metrics the subject can show, in catalogue order. */
  metrics: readonly MetricDefinition[];
  /** In words, which metrics those are: "metrics NHS trusts report". */
  metricsLabel: string;
  guides: readonly GuideMeasures[];
  /** A proposal's measures (a proposal subject only). */
  proposal?: { primaryMetricId: string; balancingMetricIds: readonly string[] };
}

const ROLE_SECTIONS = [
  ["outcome", "Outcome measures"],
  ["process", "Process measures"],
  ["balancing", "Balancing measures"],
] as const;

function topicDefinitions(subject: ReportSubject, ctx: DefaultsContext): ReportDefinition[] {
  const out: ReportDefinition[] = [];
  const topics = [...new Set(ctx.metrics.map((m) => m.topic))];
  for (const topic of topics) {
    const ids = ctx.metrics.filter((m) => m.topic === topic).map((m) => m.id);
    const title = topicTitle(topic);
    const parts = Math.ceil(ids.length / MAX_REPORT_METRICS);
    for (let part = 1; part <= parts; part++) {
      const from = (part - 1) * MAX_REPORT_METRICS;
      const slice = ids.slice(from, from + MAX_REPORT_METRICS);
      const whole = `The ${ids.length === 1 ? "one metric" : `${ids.length} metrics`} of the topic "${title}" among the ${ctx.metricsLabel}, in catalogue order.`;
      const split = `${title}, part ${part} of ${parts}: metrics ${from + 1} to ${from + slice.length} of the ${ids.length} ${title} metrics among the ${ctx.metricsLabel}, in catalogue order (a report holds at most ${MAX_REPORT_METRICS}).`;
      out.push({
        key: part === 1 ? `topic-${topic}` : `topic-${topic}-part-${part}`,
        subject,
        title: parts === 1 ? title : `${title} (part ${part} of ${parts})`,
        description: parts === 1 ? whole : split,
        origin: "topic",
        sections: [{ title, metricIds: slice }],
      });
    }
  }
  return out;
}

function guideDefinitions(subject: ReportSubject, ctx: DefaultsContext): ReportDefinition[] {
  const showable = new Set(ctx.metrics.map((m) => m.id));
  const out: ReportDefinition[] = [];
  for (const guide of ctx.guides) {
    const sections: ReportSection[] = [];
    let kept = 0;
    for (const [role, sectionTitle] of ROLE_SECTIONS) {
      const ids = guide.measures
        .filter((m) => m.role === role && showable.has(m.metricId))
        .map((m) => m.metricId)
        .slice(0, MAX_REPORT_METRICS - kept);
      kept += ids.length;
      if (ids.length > 0) sections.push({ title: sectionTitle, metricIds: ids });
    }
    if (kept === 0) continue;
    const total = guide.measures.length;
    const left = total - kept;
    out.push({
      key: `guide-${guide.guideId}`,
      subject,
      title: guide.title,
      description:
        `The measures the guide "${guide.title}" (version ${guide.version}) tracks, by their role.` +
        (left > 0
          ? ` ${kept} of its ${total} measures are here; the other ${left} are not among the ${ctx.metricsLabel}${kept === MAX_REPORT_METRICS ? ` or are beyond the ${MAX_REPORT_METRICS} a report holds` : ""}.`
          : ""),
      origin: "guide",
      sections,
    });
  }
  return out;
}

function proposalDefinition(
  subject: ReportSubject,
  proposal: NonNullable<DefaultsContext["proposal"]>,
): ReportDefinition {
  const known = (id: string) => catalogue.some((m) => m.id === id);
  const balancing = proposal.balancingMetricIds
    .filter((id) => known(id) && id !== proposal.primaryMetricId)
    .slice(0, MAX_REPORT_METRICS - 1);
  const sections: ReportSection[] = [
    { title: "Primary measures", metricIds: [proposal.primaryMetricId] },
  ];
  if (balancing.length > 0) sections.push({ title: "Balancing measures", metricIds: balancing });
  return {
    key: "proposal-measures",
    subject,
    title: "The proposal's measures",
    description:
      "The proposal's primary measure and its balancing measures, for its participating organisations combined.",
    origin: "proposal",
    sections,
  };
}

/** The ready-made definitions for a subject: the proposal's measures, then topics, then guides. */
export function defaultDefinitions(
  subject: ReportSubject,
  ctx: DefaultsContext,
): ReportDefinition[] {
  return [
    ...(ctx.proposal ? [proposalDefinition(subject, ctx.proposal)] : []),
    ...topicDefinitions(subject, ctx),
    ...guideDefinitions(subject, ctx),
  ];
}
