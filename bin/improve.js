#!/usr/bin/env node
// The `improve` command. Runs the compiled CLI (npm run build writes dist/). main() has closed
// the database and server by the time it returns, so exiting now loses nothing.
import { main } from "../dist/src/cli/main.js";

process.exit(await main(process.argv));
