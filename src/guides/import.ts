/**
 * Guide files to published versions (`improve guides import`, and every start of `improve
 * serve`), and a version back to its file (`improve guides export`).
 *
 * Import checks every file first (shape, catalogue metrics, and that a number already published
 * holds the same content), so a bad folder publishes nothing; then it publishes each new version
 * in order through the guide service, as an author's would be, and hands each guide's sample
 * feedback to `sampleFeedback` (src/guides/feedback). Re-importing the same folder changes nothing.
 */
import type { Actor } from "../accounts/actor.js";
import { ConflictError, InputError, type InputProblem } from "../errors.js";
import { readGuideFolder } from "./guide-folder.js";
import { serialiseGuideFile } from "./guide-file.js";
import type { GuideService } from "./service.js";

export interface GuideImportDeps {
  guides: GuideService;
  /** Loads a guide's sample feedback; returns how many items were new. */
  sampleFeedback?: (guideId: string, items: unknown[]) => Promise<number>;
}

export interface GuideImportResult {
  published: string[];
  unchanged: number;
  sampleFeedback: number;
}

export async function importGuideFolder(
  deps: GuideImportDeps,
  folder: string,
  actor: Actor,
): Promise<GuideImportResult> {
  const entries = await readGuideFolder(folder);
  const problems: InputProblem[] = [];
  for (const { guideId, versions } of entries)
    for (const v of versions) {
      const file = `${guideId}/${v.version}.md`;
      try {
        deps.guides.check(v);
        const published = await deps.guides.version(guideId, v.version).catch(() => null);
        if (published && serialiseGuideFile(published) !== serialiseGuideFile(v))
          throw new ConflictError(
            `${file}: ${guideId} ${v.version} is already published with different content; published versions never change, so give the file a new version number.`,
          );
      } catch (e) {
        if (e instanceof InputError) problems.push(...e.problems.map((p) => ({ ...p, file })));
        else if (e instanceof ConflictError)
          problems.push({ file, column: "version", value: v.version, reason: e.message });
        else throw e;
      }
    }
  if (problems.length > 0)
    throw new InputError(
      `The guides in ${folder} have ${problems.length} ${problems.length === 1 ? "problem" : "problems"}; nothing was imported.`,
      problems,
    );

  const result: GuideImportResult = { published: [], unchanged: 0, sampleFeedback: 0 };
  for (const { guideId, versions, sampleFeedback } of entries) {
    for (const v of versions) {
      if ((await deps.guides.publish(actor, v)) === "published")
        result.published.push(`${guideId} ${v.version}`);
      else result.unchanged++;
    }
    if (sampleFeedback && deps.sampleFeedback)
      result.sampleFeedback += await deps.sampleFeedback(guideId, sampleFeedback);
  }
  return result;
}

/** The file text of a published version, as import reads it. */
export async function exportGuideVersion(
  guides: GuideService,
  guideId: string,
  version: string,
): Promise<string> {
  return serialiseGuideFile(await guides.version(guideId, version));
}
