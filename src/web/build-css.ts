/** `npm run build` step: compile the stylesheet into dist/public/app.css. */
import fs from "node:fs";
import path from "node:path";
import { compileStylesheet } from "./styles.js";
import { compiledCssFile } from "./paths.js";

fs.mkdirSync(path.dirname(compiledCssFile), { recursive: true });
fs.writeFileSync(compiledCssFile, await compileStylesheet());
