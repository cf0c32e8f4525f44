/**
 * The rows of `improve orgs`, `improve metrics` and `improve export orgs|metrics|values`: one
 * place that reads them through the same services as the API (the directory, the catalogue, the
 * value listing) and names their columns, so a listing and an export never disagree.
 */
import { catalogue } from "../metrics/catalogue/index.js";
import type { MetricDefinition } from "../metrics/catalogue/types.js";
import type { DirectoryService } from "../metrics/directory/service.js";
import type { Organisation } from "../metrics/organisations.js";
import type { ListedValue } from "../metrics/value-listing/service.js";
import type { Row } from "./format.js";

export interface OrganisationOptions {
  kind?: string | undefined;
  region?: string | undefined;
  /** Name or code contains (any case). */
  search?: string | undefined;
  closed?: boolean | undefined;
}

/** Organisations by kind, then name, filtered as `GET /organisations` filters them. */
export async function findOrganisations(
  directory: DirectoryService,
  opts: OrganisationOptions,
): Promise<Organisation[]> {
  const all = await directory.organisations({
    ...(opts.kind ? { kind: opts.kind } : {}),
    ...(opts.region ? { regionCode: opts.region.toUpperCase() } : {}),
    includeClosed: opts.closed === true,
  });
  const needle = opts.search?.toLowerCase();
  return needle
    ? all.filter(
        (o) => o.name.toLowerCase().includes(needle) || o.orgCode.toLowerCase().includes(needle),
      )
    : all;
}

export const ORGANISATION_COLUMNS = [
  "org_code",
  "name",
  "kind",
  "region",
  "icb",
  "closed",
  "synthetic",
];

export const organisationRows = (orgs: readonly Organisation[]): Row[] =>
  orgs.map((o) => ({
    org_code: o.orgCode,
    name: o.name,
    kind: o.kind,
    region: o.regionCode,
    icb: o.icbCode,
    closed: o.closeDate,
    synthetic: o.synthetic,
  }));

/** The catalogue, optionally one topic's metrics, in catalogue order. */
export const findMetrics = (topic: string | undefined): MetricDefinition[] =>
  catalogue.filter((m) => !topic || m.topic === topic);

export const METRIC_COLUMNS = [
  "metric_id",
  "title",
  "unit",
  "direction",
  "topic",
  "frequency",
  "targets",
];

export const metricRows = (defs: readonly MetricDefinition[]): Row[] =>
  defs.map((m) => ({
    metric_id: m.id,
    title: m.title,
    unit: m.unit,
    direction: m.improvementDirection,
    topic: m.topic,
    frequency: m.frequency,
    targets: m.targets.map((t) => `${t.value} from ${t.from}`).join("; "),
  }));

export const VALUE_COLUMNS = [
  "org_code",
  "metric_id",
  "period_start",
  "numerator",
  "denominator",
  "value",
  "small_count",
  "source",
  "flags",
];

export const valueRows = (values: readonly ListedValue[]): Row[] =>
  values.map((v) => ({
    org_code: v.orgCode,
    metric_id: v.metricId,
    period_start: v.period,
    numerator: v.numerator,
    denominator: v.denominator,
    value: v.value,
    small_count: v.smallCount,
    source: v.source,
    flags: v.dqFlags.join(" "),
  }));
