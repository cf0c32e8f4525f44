/**
 * The guide page's "Learning that tested this change idea" blocks (tested-idea.njk, included in
 * guides/guide.njk under each change idea): one service call per page, grouped by change idea.
 * The service returns only posts the reader may see, so a network post never shows to others.
 */
import type { Actor } from "../../../accounts/actor.js";
import type { AppContext } from "../../context.js";
import { postSummary } from "./learning-model.js";

export async function testedIdeas(
  ctx: AppContext,
  actor: Actor,
  guideId: string,
): Promise<Record<string, ReturnType<typeof postSummary>[]>> {
  const byIdea: Record<string, ReturnType<typeof postSummary>[]> = {};
  for (const post of await ctx.learning.testedIdeas(actor, guideId))
    for (const idea of post.ideas)
      if (idea.guideId === guideId) (byIdea[idea.changeIdeaId] ??= []).push(postSummary(post));
  return byIdea;
}
