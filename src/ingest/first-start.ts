/**
 * The data a new installation starts with (what `improve serve`, hence `npm start`, loads when
 * the database holds no values yet): the real shared NHS data when its folder is present and
 * the configuration allows it, otherwise, or when that gives no values, the synthetic demo. Both
 * go through the same import path as `improve import` and the demo loader, after-import pipeline
 * included (./after-import.ts), so the first start shows what a later import would.
 */
import { existsSync } from "node:fs";
import type { Config } from "../config.js";
import type { Database } from "../storage/database.js";
import { countValues } from "../storage/repositories/values.js";
import { importPaths } from "./import-paths.js";
import { loadDemo } from "./load-demo.js";

/** The first start's synthetic demo: 60 organisations, 48 months, seed 1. */
export const FIRST_START_DEMO = { orgs: 60, months: 48, seed: 1 } as const;

export interface FirstStartLog {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
}

export type FirstStartOutcome = "already-loaded" | "off" | "shared-data" | "demo";

/** Loads the first start's data into an empty database; does nothing when it holds values. */
export async function loadFirstStartData(
  database: Database,
  config: Pick<Config, "demo" | "sharedDataDir"> & Partial<Pick<Config, "wasmReader">>,
  log: FirstStartLog,
): Promise<FirstStartOutcome> {
  if (config.demo === "off") return "off";
  if ((await countValues(database.db)) > 0) return "already-loaded";
  const shared = config.sharedDataDir;
  if (config.demo === "auto" && existsSync(shared)) {
    try {
      log.info(`first start: importing the shared NHS data from ${shared}`);
      const result = await importPaths(database, [shared], {
        onFile: (line) => log.info(line),
        wasmReader: config.wasmReader,
      });
      if (result.imported.some((r) => r.inserted > 0)) return "shared-data";
      log.warn("the shared data gave no metric values; loading the synthetic demo instead");
    } catch (e) {
      log.warn("could not import the shared data; loading the synthetic demo instead", e);
    }
  }
  log.info("first start: generating the synthetic demo data set");
  const result = await loadDemo(database, FIRST_START_DEMO);
  log.info(
    `demo data: ${result.organisations} organisations, ${result.values} values in ${result.durationMs} ms`,
  );
  return "demo";
}
