/**
 * Derived metrics: values no publication gives, computed from stored ones. Each is recomputed in
 * full, inside the transaction of any import whose source holds one of its inputs (step 3 of the
 * after-import pipeline, after-import.ts), so the import order never matters.
 *
 *   ctr_rate   ctr-rate.ts   patients not meeting the criteria to reside per 100 occupied beds
 */
import type { PoolClient } from "pg";
import { CTR_RATE_METRIC, deriveCtrRate, feedsCtrRate, type DeriveCounts } from "./ctr-rate.js";

interface Derivation {
  /** The metric it writes. */
  metric: string;
  /** Whether `source` holds one of its inputs (so an import of it may change the result). */
  feeds(client: PoolClient, source: string): Promise<boolean>;
  /** Recomputes every value of the metric (inside the import's transaction). */
  derive(client: PoolClient): Promise<DeriveCounts>;
}

const derivations: readonly Derivation[] = [
  { metric: CTR_RATE_METRIC, feeds: feedsCtrRate, derive: (client) => deriveCtrRate(client) },
];

/** Recomputes the derived metrics that `source` feeds; what each changed, by metric. */
export async function runDerivations(
  client: PoolClient,
  source: string,
): Promise<Record<string, DeriveCounts>> {
  const done: Record<string, DeriveCounts> = {};
  for (const d of derivations)
    if (await d.feeds(client, source)) done[d.metric] = await d.derive(client);
  return done;
}
