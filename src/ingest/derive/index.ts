/**
 * Derived metrics: values computed from other metrics' stored values, under a source of their
 * own, recomputed after any import that changes one of their inputs (the second step of the
 * after-import pipeline, ../after-import.ts), so the import order does not matter.
 *
 *   ctr_rate   criteria-to-reside patients per 100 occupied adult G&A beds (ctr-rate.ts), after
 *              any import whose source holds either input, whichever arrives first
 */
import type { PoolClient } from "pg";
import { formatById } from "../sources/index.js";
import { deriveCtrRate, feedsCtrRate } from "./ctr-rate.js";

/** Recomputes the derived metrics whose inputs the format's source holds. */
export async function deriveAfterImport(client: PoolClient, formatId: string): Promise<void> {
  const format = formatById(formatId);
  if (format?.kind === "values" && (await feedsCtrRate(client, format.source)))
    await deriveCtrRate(client);
}
