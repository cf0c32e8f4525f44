#!/usr/bin/env node
// The `improve` command. Runs the compiled CLI (npm run build writes dist/). main() has closed
// the database and server by the time it returns, so exiting now loses nothing.
import { existsSync } from "node:fs";
import { URL } from "node:url";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "error: Improvement Hub is not built yet: run `npm run build` first (`npm start` builds it for you).\n",
  );
  process.exit(1);
}
const { main } = await import(entry.href);
process.exit(await main(process.argv));
