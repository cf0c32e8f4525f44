/** Every API route, in the order the document lists them. */
import { z } from "zod";
import { openApiDocument } from "../openapi.js";
import { apiRoute, type ApiRoute } from "../registry.js";
import { components } from "../schemas.js";
import { getComparison, getFunnel, getOpportunities } from "./analytics.js";
import { getGuide, listGuides, listGuideVersions } from "./guides.js";
import { getLearningPost, listLearning } from "./learning.js";
import { getMetricRoute, listMetrics } from "./metrics.js";
import { getProposal, listProposals } from "./proposals.js";
import { getNetwork, listNetworks } from "./networks.js";
import { getOrganisation, listOrganisations } from "./organisations.js";
import { listPeerGroups } from "./peer-groups.js";
import { postSpc, storedSpc } from "./spc.js";
import { listValues } from "./values.js";

const apiRoutesList: readonly ApiRoute[] = [
  listOrganisations,
  getOrganisation,
  listNetworks,
  getNetwork,
  listPeerGroups,
  listMetrics,
  getMetricRoute,
  listValues,
  storedSpc,
  postSpc,
  getComparison,
  getFunnel,
  getOpportunities,
  listGuides,
  getGuide,
  listGuideVersions,
  listLearning,
  getLearningPost,
  listProposals,
  getProposal,
];

const documentSchema = z
  .object({ openapi: z.literal("3.1.0") })
  .catchall(z.unknown())
  .register(components, { id: "OpenApiDocument", description: "This document." });

let document: z.input<typeof documentSchema> | undefined;

/** `GET /openapi.json`: the document of every route, itself included (built once). */
const openApiRoute = apiRoute({
  method: "GET",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  summary: "This API's OpenAPI 3.1 document",
  tags: ["Meta"],
  response: documentSchema,
  handle: async () => (document ??= { ...openApiDocument(apiRoutes), openapi: "3.1.0" }),
});

/** Every API route: the endpoints and the document describing them. */
export const apiRoutes: readonly ApiRoute[] = [...apiRoutesList, openApiRoute];
