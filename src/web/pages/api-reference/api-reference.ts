/**
 * `/api`: the open API's reference, rendered on the server from the OpenAPI document
 * (src/web/api/openapi.ts), with no script and nothing fetched from elsewhere.
 */
import type { FastifyPluginAsync } from "fastify";
import { openApiDocument } from "../../api/openapi.js";
import { apiRoutes } from "../../api/routes/index.js";
import { referenceModel } from "./model.js";

export const apiReferenceRoutes = (): FastifyPluginAsync => async (app) => {
  const document = openApiDocument(apiRoutes) as unknown as Parameters<typeof referenceModel>[0];
  app.get("/api", async (request, reply) => {
    const model = referenceModel(document, `${request.protocol}://${request.host}`);
    return reply.render("api-reference/api-reference.njk", { ...model });
  });
};
