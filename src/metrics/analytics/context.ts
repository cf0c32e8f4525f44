/** What every part of the engine shares: the store, the data-version cache and the options. */
import { NotFoundError } from "../../errors.js";
import type { SpcScratch } from "./metric-analysis.js";
import { analysis, type DataVersionCache } from "./state.js";
import type { AnalyticsStore, OpportunityBenchmark } from "./types.js";
import type { MetricAnalysis, VersionState } from "./model.js";

export interface EngineContext {
  store: AnalyticsStore;
  cache: DataVersionCache;
  scratch: SpcScratch;
  /** The opportunity benchmark by default. */
  oppKind: OpportunityBenchmark;
  /** How many recommended peers. */
  peerCount: number;
  /** Funnels adjust for overdispersion by default. */
  overdispersion: boolean;
}

export const analysisOf = (
  e: EngineContext,
  s: VersionState,
  metricId: string,
): Promise<MetricAnalysis | null> => analysis(s, e.store, e.scratch, metricId);

export async function analysisOrThrow(
  e: EngineContext,
  s: VersionState,
  metricId: string,
): Promise<MetricAnalysis> {
  const a = await analysisOf(e, s, metricId);
  if (!a) throw new NotFoundError(`No values for metric "${metricId}"`);
  return a;
}
