/**
 * Test-at-scale proposals through the API, by the proposal service's read rules
 * (src/proposals/states.ts `mayRead`): anonymous callers see approved ones and after; a token sees
 * what its owner may (a draft only its network's leads and members, administrators). Each with
 * its status, aim, measures, participants and, where recorded, its evaluation's summary.
 */
import { z } from "zod";
import type { Proposal } from "../../../proposals/types.js";
import { actorOf } from "../caller.js";
import { page, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { pageOf, proposalSchema } from "../schemas.js";

function proposalOut(p: Proposal): z.input<typeof proposalSchema> {
  const e = p.evaluationSnapshot;
  return {
    proposalId: p.proposalId,
    networkId: p.networkId,
    title: p.title,
    status: p.state,
    aim: p.aim,
    changeIdeas: p.changeIdeas,
    measures: { primary: p.primaryMetricId, balancing: p.balancingMetricIds },
    participants: p.participants,
    comparators: p.comparators,
    baseline: { from: p.baselineStart, to: p.baselineEnd },
    plannedStart: p.plannedStart,
    followUpEnd: p.followUpEnd,
    expectedEffect: p.expectedEffect,
    expectedDirection: p.expectedDirection,
    updatedAt: p.updatedAt.toISOString(),
    evaluation: e && {
      computedAt: e.computedAt,
      dataVersion: e.dataVersion,
      measures: e.measures.map((m) => ({
        metricId: m.metricId,
        role: m.role,
        estimate: m.estimate,
        lower: m.lower,
        upper: m.upper,
        level: m.level,
        method: m.method,
        pValue: m.pValue,
        significant: m.significant,
        followUpMonths: m.followUp?.months ?? null,
      })),
    },
  };
}

const csvHead = [
  "proposalId",
  "networkId",
  "title",
  "status",
  "primaryMetricId",
  "participants",
  "comparators",
  "plannedStart",
  "followUpEnd",
  "primaryEstimate",
];
const csvRow = (p: z.output<typeof proposalSchema>) => [
  p.proposalId,
  p.networkId,
  p.title,
  p.status,
  p.measures.primary,
  p.participants.join(" "),
  p.comparators.join(" "),
  p.plannedStart,
  p.followUpEnd,
  p.evaluation?.measures.find((m) => m.role === "primary")?.estimate ?? null,
];

/** A proposal's sort key: its id, zero-padded so that code-unit order is numeric order. */
const keyOf = (p: Proposal) => String(p.proposalId).padStart(12, "0");

export const listProposals = apiRoute({
  method: "GET",
  path: "/proposals",
  operationId: "listProposals",
  summary: "Proposals the caller may see, in proposalId order",
  description:
    "Anonymous callers see proposals once approved; a token sees what its owner may (drafts only for the network's leads and members).",
  tags: ["Proposals"],
  freshness: "content",
  query: z.object({
    network: z
      .string()
      .regex(/^[a-z0-9-]{1,100}$/, "must be a network id")
      .optional()
      .describe("Only this network's proposals."),
    status: proposalSchema.shape.status.optional().describe("Only proposals in this status."),
    ...pagingQuery,
  }),
  response: pageOf(proposalSchema, "Proposal"),
  csv: { head: csvHead, rows: (p) => p.data.map(csvRow) },
  async handle({ ctx, caller, query }) {
    const visible = (await ctx.proposals.visible(actorOf(caller))).filter(
      (p) =>
        (query.network === undefined || p.networkId === query.network) &&
        (query.status === undefined || p.state === query.status),
    );
    const p = page(visible, keyOf, query);
    return { data: p.data.map(proposalOut), next: p.next };
  },
});

export const getProposal = apiRoute({
  method: "GET",
  path: "/proposals/{proposalId}",
  operationId: "getProposal",
  summary: "One proposal the caller may see",
  tags: ["Proposals"],
  freshness: "content",
  params: z.object({
    proposalId: z.coerce
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1),
  }),
  response: proposalSchema,
  csv: { head: csvHead, rows: (p) => [csvRow(p)] },
  async handle({ ctx, caller, params }) {
    const view = await ctx.proposals.view(actorOf(caller), params.proposalId);
    return proposalOut(view.proposal);
  },
});
