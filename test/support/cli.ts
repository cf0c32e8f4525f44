/** Runs `improve …` in-process against a test database, capturing output and the exit code. */
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config.js";
import type { TestDatabase } from "./db.js";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export function cliRunner(t: TestDatabase): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    let out = "";
    let err = "";
    const code = await main(["node", "improve", ...args], {
      config: { ...loadConfig({}), databaseUrl: t.url },
      io: { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false },
    });
    return { code, out, err };
  };
}
