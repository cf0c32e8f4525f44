/**
 * `improve guides import [folder]` and `improve guides export`: guide files (docs/guides.md
 * "Guide files") to published versions and back, through the same guide service (and its
 * listeners: feedback a changelog answers is closed) as the web's authors. `improve serve` calls
 * `importShippedGuides` on every start, so a release's new guide versions appear on upgrade.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../../config.js";
import { AppError, InputError, UsageError } from "../../errors.js";
import {
  exportGuideVersion,
  importGuideFolder,
  type GuideImportResult,
} from "../../guides/import.js";
import { slugSchema, versionNumberSchema } from "../../guides/types.js";
import type { Database } from "../../storage/database.js";
import { composeServices } from "../../web/compose.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { operator } from "../operator.js";

/** The shipped guides folder (IMPROVE_CONTENT_DIR/guides). */
export const guidesFolder = (config: Pick<Config, "contentDir">) =>
  path.join(config.contentDir, "guides");

async function importFolder(database: Database, folder: string): Promise<GuideImportResult> {
  const services = composeServices({ db: database.db });
  return importGuideFolder(
    { guides: services.guides, sampleFeedback: services.guideFeedback.importSample },
    folder,
    operator(),
  );
}

export function describeImport(r: GuideImportResult): string {
  const published = r.published.length ? ` (${r.published.join(", ")})` : "";
  return `guides: ${r.published.length} ${r.published.length === 1 ? "version" : "versions"} published${published}, ${r.unchanged} unchanged, ${r.sampleFeedback} sample feedback items loaded`;
}

/**
 * The shipped guides, at every start: a problem in them (say, a version published in the web
 * under a number a release then ships with other content) is logged, never stops the server.
 */
export async function importShippedGuides(
  database: Database,
  config: Pick<Config, "contentDir">,
  log: { info(message: string): void; warn(message: string): void },
): Promise<void> {
  try {
    log.info(describeImport(await importFolder(database, guidesFolder(config))));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const details =
      e instanceof InputError
        ? e.problems.map((p) => `${p.file ?? ""}:${p.line ?? ""} ${p.reason}`)
        : [];
    log.warn(`guides: the shipped guides were not imported: ${e.message} ${details.join("; ")}`);
  }
}

export const register: RegisterCommand = (program, ctx: CliContext) => {
  const guides = program
    .command("guides")
    .description("Improvement guides: import guide files as published versions, export a version");

  guides
    .command("import [folder]")
    .description(
      "Publish every new version in a guides folder (default: the shipped content/guides)",
    )
    .action(async (folder?: string) => {
      const database = await ctx.database();
      const result = await importFolder(
        database,
        folder ? path.resolve(folder) : guidesFolder(ctx.config),
      );
      ctx.io.out(`${describeImport(result)}\n`);
    });

  guides
    .command("export")
    .description("Write a published version as a guide file (to standard output without --out)")
    .requiredOption("--guide <id>", "the guide's id, e.g. uec-acute-flow")
    .requiredOption("--version <number>", "the version, e.g. 1.1")
    .option("--out <path>", "a file, or a folder to write <folder>/<guide>/<version>.md in")
    .action(async (opts: { guide: string; version: string; out?: string }) => {
      const guideId = slugSchema.safeParse(opts.guide);
      const version = versionNumberSchema.safeParse(opts.version);
      if (!guideId.success)
        throw new UsageError(`--guide "${opts.guide}" is not a guide id (lower-kebab-case)`);
      if (!version.success)
        throw new UsageError(`--version "${opts.version}" is not a version number such as 1.0`);
      return writeExport(ctx, guideId.data, version.data, opts.out);
    });
};

async function writeExport(
  ctx: CliContext,
  guideId: string,
  version: string,
  out: string | undefined,
) {
  const database = await ctx.database();
  const text = await exportGuideVersion(
    composeServices({ db: database.db }).guides,
    guideId,
    version,
  );
  if (!out) {
    ctx.io.out(text);
    return;
  }
  const target = out.endsWith(".md")
    ? path.resolve(out)
    : path.resolve(out, guideId, `${version}.md`);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
  ctx.io.out(`wrote ${target}\n`);
}
