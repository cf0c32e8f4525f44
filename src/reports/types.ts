/**
 * Integrated performance reports (issue 18): the words of the domain, shared by the service
 * (./service.ts), its store and the web pages and CLI that draw a report.
 *
 * A report is about a *subject* (an organisation, a learning and improvement network, an NHS
 * England region or a test-at-scale proposal) and follows a *definition*: an ordered set of
 * metrics grouped in sections. Ready-made definitions come from the catalogue's topics and the
 * guides' metrics (and, for a proposal, its measures); people who may edit a subject's reports
 * save their own. For each metric the report shows the Making Data Count summary row and its SPC
 * chart, and the analyst's *commentary* on that metric for the period, which is stored per
 * subject, metric and period, versioned (never overwritten), and carried forward as a draft to
 * the next period until someone saves a new one.
 */
import type { MetricDefinition } from "../metrics/catalogue/types.js";
import type { PeriodType } from "../metrics/values.js";
import type { SpcResult } from "../stats/spc/types.js";

export type ReportSubject =
  | { kind: "organisation"; orgCode: string }
  | { kind: "network"; networkId: string }
  | { kind: "region"; regionCode: string }
  | { kind: "proposal"; proposalId: number };

export type ReportSubjectKind = ReportSubject["kind"];

/** A subject as one string, for keys and audit records: `organisation:RDE`, `proposal:12`. */
export type SubjectKey = string;

/** A subject with its name in words, as pages and files title it. */
export interface SubjectInfo {
  subject: ReportSubject;
  /** e.g. "Royal Devon University Healthcare NHS Foundation Trust", "North West LIN (UEC)". */
  name: string;
  /** e.g. "NHS trust", "Learning and improvement network", "NHS England region", "Proposal". */
  kindLabel: string;
}

export interface ReportSection {
  title: string;
  /** Catalogue metric ids, in the order the report shows them. */
  metricIds: readonly string[];
}

/** Where a definition comes from: ready-made (topic, guide, proposal) or saved by a person. */
export type ReportOrigin = "topic" | "guide" | "proposal" | "saved";

export interface ReportDefinition {
  /**
   * Stable within the subject, used in paths: `topic-uec`, `guide-uec-acute-flow`,
   * `proposal-measures`, or a saved report's `r<id>`.
   */
  key: string;
  subject: ReportSubject;
  title: string;
  description: string;
  origin: ReportOrigin;
  sections: readonly ReportSection[];
  /** For saved definitions: who saved it last and when. */
  savedBy?: string;
  savedAt?: Date;
}

/** What a person submits to save a definition (checked by `parseLayout` before it is stored). */
export interface DefinitionInput {
  title: string;
  description: string;
  sections: readonly ReportSection[];
}

/** One saved version of the commentary on a metric for a period. */
export interface Commentary {
  metricId: string;
  /** The period the commentary is about (the metric's latest period when it was written). */
  period: string;
  text: string;
  /** 1 for the first save for this subject, metric and period, then 2, 3… */
  version: number;
  authorName: string;
  savedAt: Date;
}

/**
 * The commentary a report shows for a metric and period: the latest saved version for that
 * period, or else the latest for an earlier period carried forward as a draft (`carriedFrom`).
 */
export interface CommentaryView extends Commentary {
  /** Set when this is an earlier period's commentary offered as a draft: that period. */
  carriedFrom: string | null;
}

/**
 * One metric of a report with the data to draw it: the latest point, the target in force, the
 * SPC of the subject's series (null where there are too few points, with the reason), from the
 * same services as the subject's dashboard and metric pages.
 */
export interface ReportMetric {
  metric: MetricDefinition;
  periodType: PeriodType;
  latest: { period: string; value: number } | null;
  /** The target in force at the latest period, if any. */
  target: { value: number; label: string } | null;
  spc: SpcResult | null;
  /** Why there is no SPC (or no value), in words, when `spc` is null. */
  notJudged: string | null;
  /** Where the figures come from, in words: "Royal Devon's own series", "the network's members combined". */
  seriesLabel: string;
}

export interface ReportSectionData {
  title: string;
  metrics: ReportMetric[];
  /** Metric ids of the definition with no data for this subject (listed, never silently dropped). */
  missing: string[];
}
