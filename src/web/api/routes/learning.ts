/**
 * Networks' shared learning through the API, by the learning service's read rules for the caller
 * (src/networks/learning/service.ts): anonymous callers see public posts; a token sees what its
 * owner may read (their networks' posts too). `GET /learning` takes the /learning page's filters
 * and pages newest first by post id; `GET /learning/{postId}` is one post with its updates and
 * verdict changes. Authors' and commenters' names stay on the pages.
 */
import { z } from "zod";
import { evidenceVerdicts, type Post, type PostInFull } from "../../../networks/learning/types.js";
import { topics } from "../../../metrics/catalogue/types.js";
import { actorOf } from "../caller.js";
import { ApiProblem } from "../errors.js";
import { decodeCursor, encodeCursor, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { learningPostDetailSchema, learningPostSchema, pageOf } from "../schemas.js";

function postOut(p: Post): z.input<typeof learningPostSchema> {
  return {
    postId: p.postId,
    networkId: p.networkId,
    status: p.status,
    visibility: p.visibility,
    kind: p.kind,
    title: p.title,
    body: p.body,
    orgCode: p.orgCode,
    changeDate: p.changeDate,
    topic: p.topic,
    careSetting: p.careSetting,
    ideas: p.ideas.map((i) => ({ guideId: i.guideId, changeIdeaId: i.changeIdeaId })),
    measures: p.measures.map((m) => ({
      metricId: m.metricId,
      verdict: m.verdict && {
        verdict: m.verdict.verdict,
        reason: m.verdict.reason,
        pointsSince: m.verdict.pointsSince,
        baselinePoints: m.verdict.baselinePoints,
        provisional: m.verdict.provisional,
        computedAt: m.verdict.computedAt.toISOString(),
      },
    })),
    publishedAt: p.publishedAt?.toISOString() ?? null,
    featured: p.featuredAt !== null,
  };
}

function postDetailOut(p: PostInFull): z.input<typeof learningPostDetailSchema> {
  return {
    ...postOut(p),
    updates: p.updates.map((u) => ({ body: u.body, createdAt: u.createdAt.toISOString() })),
    verdictChanges: p.verdictChanges.map((c) => ({
      metricId: c.metricId,
      from: c.from,
      to: c.to,
      changedAt: c.changedAt.toISOString(),
    })),
  };
}

const postCsvHead = [
  "postId",
  "networkId",
  "title",
  "orgCode",
  "changeDate",
  "topic",
  "visibility",
  "publishedAt",
  "verdicts",
];
const postCsvRow = (p: z.output<typeof learningPostSchema>) => [
  p.postId,
  p.networkId,
  p.title,
  p.orgCode,
  p.changeDate,
  p.topic,
  p.visibility,
  p.publishedAt,
  p.measures.map((m) => `${m.metricId}: ${m.verdict?.verdict ?? "not yet judged"}`).join("; "),
];

const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function beforePostId(cursor: string): number {
  const key = decodeCursor(cursor);
  if (!/^[1-9]\d{0,15}$/.test(key))
    throw new ApiProblem(
      400,
      "bad_request",
      `query.cursor "${cursor}": not a cursor of this list`,
      [{ parameter: "query.cursor", value: cursor, message: "not a cursor of this list" }],
    );
  return Number(key);
}

export const listLearning = apiRoute({
  method: "GET",
  path: "/learning",
  operationId: "listLearning",
  summary: "Networks' published learning the caller may read, newest first",
  description:
    "Anonymous callers get public posts; a token gets what its owner may read. Filters as on the /learning page.",
  tags: ["Learning"],
  freshness: "content",
  query: z.object({
    network: z
      .string()
      .regex(slug, "must be a network id")
      .max(100)
      .optional()
      .describe("Only this network's posts."),
    topic: z.enum(topics).optional().describe("Only posts of this topic."),
    guide: z
      .string()
      .regex(slug, "must be a guide id")
      .max(80)
      .optional()
      .describe("Only posts that tested a change idea of this guide."),
    verdict: z
      .enum([...evidenceVerdicts, "none"])
      .optional()
      .describe('Only posts with a measure judged so ("none": no measure linked).'),
    q: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("Words the title or text holds (web search syntax)."),
    ...pagingQuery,
  }),
  response: pageOf(learningPostSchema, "LearningPost"),
  csv: { head: postCsvHead, rows: (p) => p.data.map(postCsvRow) },
  async handle({ ctx, caller, query }) {
    const result = await ctx.learning.publishedPage(
      actorOf(caller),
      {
        networkId: query.network,
        topic: query.topic,
        guideId: query.guide,
        verdict: query.verdict,
        text: query.q,
      },
      {
        beforePostId: query.cursor === undefined ? undefined : beforePostId(query.cursor),
        limit: query.limit,
      },
    );
    return {
      data: result.posts.map(postOut),
      next: result.next === null ? null : encodeCursor(String(result.next)),
    };
  },
});

export const getLearningPost = apiRoute({
  method: "GET",
  path: "/learning/{postId}",
  operationId: "getLearningPost",
  summary: "One learning post the caller may read, with its updates and verdict changes",
  tags: ["Learning"],
  freshness: "content",
  params: z.object({
    postId: z.coerce
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1),
  }),
  response: learningPostDetailSchema,
  csv: { head: postCsvHead, rows: (p) => [postCsvRow(p)] },
  async handle({ ctx, caller, params }) {
    const view = await ctx.learning.post(actorOf(caller), params.postId);
    return postDetailOut(view.post);
  },
});
