/**
 * The guides folder (content/guides in the repository): one folder per guide named by its id,
 * one file per version named by its number (`uec-acute-flow/1.1.md`), and optionally the
 * illustrative feedback that a shipped version answers (`sample-feedback.yaml`). Everything is
 * read and checked before anything is used: one InputError lists every problem in every file.
 * A missing folder is an empty one (an installation may ship no guides).
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError, type InputProblem } from "../errors.js";
import { parseGuideFile } from "./guide-file.js";
import type { GuideVersion } from "./types.js";
import { compareVersions } from "./versions.js";

export const SAMPLE_FEEDBACK_FILE = "sample-feedback.yaml";

export interface GuideFolderEntry {
  guideId: string;
  /** Oldest first. */
  versions: GuideVersion[];
  /** The items of sample-feedback.yaml as YAML gives them (the feedback module checks them). */
  sampleFeedback: unknown[] | null;
}

export async function readGuideFolder(dir: string): Promise<GuideFolderEntry[]> {
  if (!existsSync(dir)) return [];
  const problems: InputProblem[] = [];
  const entries: GuideFolderEntry[] = [];
  const folders = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const guideId of folders) {
    const entry: GuideFolderEntry = { guideId, versions: [], sampleFeedback: null };
    for (const name of (await readdir(path.join(dir, guideId))).sort()) {
      const file = path.join(guideId, name);
      const text = await readFile(path.join(dir, file), "utf8");
      if (name === SAMPLE_FEEDBACK_FILE) {
        try {
          const items: unknown = parseYaml(text);
          if (Array.isArray(items)) entry.sampleFeedback = items;
          else problems.push({ file, line: 1, reason: "sample feedback must be a list of items" });
        } catch (e) {
          problems.push({ file, reason: (e as Error).message.split("\n")[0] ?? "not YAML" });
        }
        continue;
      }
      if (!name.endsWith(".md")) {
        problems.push({
          file,
          value: name,
          reason: `only <version>.md files and ${SAMPLE_FEEDBACK_FILE} belong in a guide's folder`,
        });
        continue;
      }
      try {
        const v = parseGuideFile(text, file);
        if (v.guideId !== guideId)
          problems.push({
            file,
            column: "guide",
            value: v.guideId,
            reason: `must be "${guideId}", the folder's name`,
          });
        else if (`${v.version}.md` !== name)
          problems.push({
            file,
            column: "version",
            value: v.version,
            reason: `must match the file's name, ${name}`,
          });
        else entry.versions.push(v);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        problems.push(...e.problems);
      }
    }
    entry.versions.sort((a, b) => compareVersions(a.version, b.version));
    entries.push(entry);
  }
  if (problems.length > 0)
    throw new InputError(
      `The guides in ${dir} have ${problems.length} ${problems.length === 1 ? "problem" : "problems"}; nothing was imported.`,
      problems,
    );
  return entries;
}
