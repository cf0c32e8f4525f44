/**
 * The metric catalogue: every metric the platform knows, validated when this module loads.
 * Topic files hold the definitions; docs/metrics.md describes each one (a test keeps them in step).
 */
import { ambulanceMetrics } from "./ambulance.js";
import { cancerMetrics } from "./cancer.js";
import { diagnosticsMetrics } from "./diagnostics.js";
import { electiveMetrics } from "./elective.js";
import { flowMetrics } from "./flow.js";
import { mentalHealthMetrics } from "./mental-health.js";
import { mortalityMetrics } from "./mortality.js";
import { oversightMetrics } from "./oversight.js";
import { topics, type MetricDefinition, type Topic } from "./types.js";
import { uecMetrics } from "./uec.js";
import { workforceCultureMetrics } from "./workforce-culture.js";
import { loadDefinitions, versionOf } from "./validate.js";
import { getPlannedMetric, plannedMetrics } from "./planned.js";

export type { MetricDefinition, Topic } from "./types.js";
export { loadDefinitions, versionOf } from "./validate.js";
export { topicTitle, topicTitles } from "./topics.js";
export { directionSignOf, spcDirectionOf } from "./direction.js";
export { getPlannedMetric, plannedMetrics } from "./planned.js";

const definitions = [
  ...uecMetrics,
  ...flowMetrics,
  ...electiveMetrics,
  ...diagnosticsMetrics,
  ...cancerMetrics,
  ...ambulanceMetrics,
  ...mortalityMetrics,
  ...mentalHealthMetrics,
  ...workforceCultureMetrics,
  ...oversightMetrics,
];

/**
 * The id of a catalogue metric, as a union of the literal ids ("ae_4hr_all" | "rtt_18wk" | …), so
 * code naming a metric (an importer's column mapping, a derivation) is checked when it compiles.
 * Ids that arrive as text (a URL, a tidy file, the database) are checked with {@link isMetricId}
 * or {@link getMetric}. Synthetic scale-test clones (`<id>__k2`) are not catalogue ids.
 */
export type MetricId = (typeof definitions)[number]["id"];

export const catalogue: readonly MetricDefinition[] = loadDefinitions(definitions);

/** Changes whenever any definition changes; stored as metrics.catalogue_version. */
export const catalogueVersion: string = versionOf(catalogue);

const byId = new Map(catalogue.map((m) => [m.id, m]));

export function getMetric(metricId: string): MetricDefinition | undefined {
  return byId.get(metricId);
}

for (const m of plannedMetrics)
  if (byId.has(m.id)) throw new Error(`metric ${m.id} is both in the catalogue and planned`);

/**
 * Can a guide track this metric: a catalogue metric, or one with no data source yet
 * (./planned.ts)?
 */
export function isTrackableMetricId(text: string): boolean {
  return byId.has(text) || getPlannedMetric(text) !== undefined;
}

/** Is this text a catalogue metric's id? */
export function isMetricId(text: string): text is MetricId {
  return byId.has(text);
}

/** Metrics grouped by topic, in catalogue order; topics without metrics are left out. */
export function metricsByTopic(): Map<Topic, MetricDefinition[]> {
  const groups = new Map<Topic, MetricDefinition[]>();
  for (const topic of topics) {
    const members = catalogue.filter((m) => m.topic === topic);
    if (members.length > 0) groups.set(topic, members);
  }
  return groups;
}
