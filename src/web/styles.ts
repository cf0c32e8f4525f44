/**
 * The stylesheet: NHS.UK frontend and our `app-` styles compiled from Sass. `npm run build`
 * compiles it to dist/public/app.css, and compresses it there once (app.css.br, app.css.gz), so
 * no request spends CPU on compressing it (issue 14: about 300 KB was sent uncompressed). When a
 * file is missing or older than its source (development, tests) it is made at start and written
 * there for the next run.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { compiledCssFile, projectRoot, stylesDir } from "./paths.js";

export interface Stylesheet {
  css: string;
  /** Short content hash for cache-busting URLs. */
  hash: string;
  /** The stylesheet compressed, by content encoding. */
  encoded: { br: Buffer; gzip: Buffer };
}

/** Each precompressed copy: its file beside app.css and how it is made. */
const encodings = {
  br: (css: Buffer) =>
    brotliCompressSync(css, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: css.length,
      },
    }),
  gzip: (css: Buffer) => gzipSync(css, { level: constants.Z_BEST_COMPRESSION }),
} as const;

const encodedFile = (encoding: keyof typeof encodings) =>
  `${compiledCssFile}.${encoding === "gzip" ? "gz" : encoding}`;

const mtime = (file: string): number => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/** Writes `data` to `file` atomically (true), or not at all on a read-only install (false). */
function writeQuietly(file: string, data: string | Buffer): boolean {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    return true;
  } catch {
    // read-only install: keep it in memory
    return false;
  }
}

/**
 * A compressed copy of the stylesheet: read when at least as new as app.css (and `css` is what
 * app.css holds), else made and written.
 */
function encoded(encoding: keyof typeof encodings, css: Buffer, cssIsFile: boolean): Buffer {
  const file = encodedFile(encoding);
  if (cssIsFile && mtime(file) >= mtime(compiledCssFile))
    try {
      return fs.readFileSync(file);
    } catch {
      // made below
    }
  const data = encodings[encoding](css);
  writeQuietly(file, data);
  return data;
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
  let cssIsFile = css !== undefined;
  if (css === undefined) {
    css = await compileStylesheet();
    cssIsFile = writeQuietly(compiledCssFile, css);
  }
  const bytes = Buffer.from(css);
  return {
    css,
    hash: createHash("sha256").update(css).digest("hex").slice(0, 12),
    encoded: { br: encoded("br", bytes, cssIsFile), gzip: encoded("gzip", bytes, cssIsFile) },
  };
}
