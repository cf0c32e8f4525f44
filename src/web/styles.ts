/**
 * The stylesheet: NHS.UK frontend and our `app-` styles compiled from Sass. `npm run build`
 * compiles it to dist/public/app.css; when that file is missing or older than the Sass sources
 * (development, tests) it is compiled at start and written there for the next run.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { compiledCssFile, projectRoot, stylesDir } from "./paths.js";

export interface Stylesheet {
  css: string;
  /** Short content hash for cache-busting URLs. */
  hash: string;
}

function newestSource(): number {
  return Math.max(
    ...fs.readdirSync(stylesDir).map((f) => fs.statSync(path.join(stylesDir, f)).mtimeMs),
  );
}

export async function compileStylesheet(): Promise<string> {
  const sass = await import("sass");
  return sass.compile(path.join(stylesDir, "app.scss"), {
    loadPaths: [path.join(projectRoot, "node_modules")],
    style: "compressed",
    quietDeps: true,
  }).css;
}

export async function loadStylesheet(): Promise<Stylesheet> {
  let css: string | undefined;
  try {
    if (fs.statSync(compiledCssFile).mtimeMs >= newestSource())
      css = fs.readFileSync(compiledCssFile, "utf8");
  } catch {
    // not built yet
  }
  if (css === undefined) {
    css = await compileStylesheet();
    try {
      fs.mkdirSync(path.dirname(compiledCssFile), { recursive: true });
      const tmp = `${compiledCssFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, css);
      fs.renameSync(tmp, compiledCssFile);
    } catch {
      // read-only install: keep it in memory
    }
  }
  return { css, hash: createHash("sha256").update(css).digest("hex").slice(0, 12) };
}
