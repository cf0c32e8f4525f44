/**
 * The API's contract: the OpenAPI document passes an OpenAPI 3.1 validator; every route the app
 * registers under /api/v1 is in the registry (a route without a schema fails here); and every
 * registered route is called, its answers (errors too) checked against the document's schemas
 * with Ajv's draft 2020-12 validator.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../../../src/web/api/routes/index.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";
import { guideFixture } from "../../support/guide-fixture.js";
import { apiTestApp } from "./api-app.js";
import { writeWork } from "./written-work.js";

interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components: unknown;
}
interface Response {
  content?: Record<string, { schema: { $ref?: string } }>;
}

let t: TestDatabase;
let app: FastifyInstance;
let doc: Doc;
let orgCode: string;
let guideId: string;
let postId: number;
let proposalId: number;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

beforeAll(async () => {
  t = await demoDatabase({ orgs: 12, months: 24, seed: 5 });
  const { ids } = await writeWork(t);
  postId = ids.publicPost;
  proposalId = ids.evaluatedProposal;
  app = await apiTestApp(t);
  const res = await app.inject({ url: "/api/v1/openapi.json" });
  expect(res.statusCode).toBe(200);
  doc = res.json();
  ajv.addSchema({ $id: "doc", components: doc.components });
  const orgs = await app.inject({ url: "/api/v1/organisations?kind=acute_trust&limit=1" });
  orgCode = (orgs.json() as { data: { orgCode: string }[] }).data[0]!.orgCode;
  guideId = guideFixture().guideId;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

/** Checks `res` against the document's schema for this path, method and status. */
function checkAgainstDocument(path: string, method: string, res: LightMyRequestResponse): void {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  expect(operation, `${method} ${path} is in the document`).toBeDefined();
  const response = operation!.responses[String(res.statusCode)];
  expect(response, `${method} ${path} documents status ${res.statusCode}`).toBeDefined();
  const ref = response!.content?.["application/json"]?.schema.$ref;
  expect(ref, `${method} ${path} ${res.statusCode} has a JSON schema`).toBeDefined();
  expect(String(res.headers["content-type"])).toMatch(/^application\/json/);
  const validate = ajv.getSchema(`doc${ref!}`)!;
  const valid = validate(res.json());
  expect(valid, JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
}

/** Per operation: a request answered 200 and one answered with an error (its status). */
const CALLS: Record<
  string,
  () => {
    ok: { url: string; method?: "GET" | "POST"; payload?: unknown };
    error: { url: string; method?: "GET" | "POST"; payload?: unknown; status: number };
  }
> = {
  listOrganisations: () => ({
    ok: { url: "/api/v1/organisations?limit=5" },
    error: { url: "/api/v1/organisations?kind=castle", status: 400 },
  }),
  getOrganisation: () => ({
    ok: { url: `/api/v1/organisations/${orgCode}` },
    error: { url: "/api/v1/organisations/ZZ99999", status: 404 },
  }),
  listNetworks: () => ({
    ok: { url: "/api/v1/networks" },
    error: { url: "/api/v1/networks?limit=0", status: 400 },
  }),
  getNetwork: () => ({
    ok: { url: "/api/v1/networks/london-uec" },
    error: { url: "/api/v1/networks/no-such-network", status: 404 },
  }),
  listPeerGroups: () => ({
    ok: { url: "/api/v1/peer-groups" },
    error: { url: "/api/v1/peer-groups?limit=x", status: 400 },
  }),
  listMetrics: () => ({
    ok: { url: "/api/v1/metrics?limit=3" },
    error: { url: "/api/v1/metrics?cursor=!!", status: 400 },
  }),
  getMetric: () => ({
    ok: { url: "/api/v1/metrics/ae_4hr_all" },
    error: { url: "/api/v1/metrics/no_such_metric", status: 404 },
  }),
  listValues: () => ({
    ok: { url: `/api/v1/values?orgCode=${orgCode}&metricId=ae_4hr_all,ae_4hr_type1` },
    error: { url: "/api/v1/values?from=2024-01-01", status: 400 },
  }),
  storedSeriesSpc: () => ({
    ok: { url: `/api/v1/organisations/${orgCode}/metrics/ae_4hr_all/spc` },
    error: { url: `/api/v1/organisations/${orgCode}/metrics/ae_4hr_all/spc?view=x`, status: 400 },
  }),
  analyseSeries: () => ({
    ok: {
      url: "/api/v1/spc",
      method: "POST",
      payload: {
        points: Array.from({ length: 20 }, (_, i) => ({
          date: `2024-${String((i % 12) + 1).padStart(2, "0")}-01`.replace(
            /^2024/,
            String(2024 + Math.floor(i / 12)),
          ),
          value: 50 + (i % 5),
        })),
      },
    },
    error: { url: "/api/v1/spc", method: "POST", payload: { points: "no" }, status: 400 },
  }),
  getComparison: () => ({
    ok: { url: `/api/v1/organisations/${orgCode}/metrics/ae_4hr_all/comparison?level=99.8` },
    error: {
      url: `/api/v1/organisations/${orgCode}/metrics/ae_4hr_all/comparison?peerGroup=kind:castle`,
      status: 400,
    },
  }),
  getFunnel: () => ({
    ok: { url: "/api/v1/metrics/ae_4hr_all/funnel?overdispersion=false" },
    error: { url: "/api/v1/metrics/no_such_metric/funnel", status: 404 },
  }),
  getOpportunities: () => ({
    ok: { url: `/api/v1/organisations/${orgCode}/opportunities?benchmark=median` },
    error: { url: `/api/v1/organisations/${orgCode}/opportunities?benchmark=best`, status: 400 },
  }),
  listGuides: () => ({
    ok: { url: "/api/v1/guides" },
    error: { url: "/api/v1/guides?limit=-1", status: 400 },
  }),
  getGuide: () => ({
    ok: { url: `/api/v1/guides/${guideId}` },
    error: { url: "/api/v1/guides/no-such-guide", status: 404 },
  }),
  listGuideVersions: () => ({
    ok: { url: `/api/v1/guides/${guideId}/versions` },
    error: { url: "/api/v1/guides/Not_A_Slug/versions", status: 400 },
  }),
  listLearning: () => ({
    ok: { url: "/api/v1/learning?topic=uec" },
    error: { url: "/api/v1/learning?verdict=great", status: 400 },
  }),
  getLearningPost: () => ({
    ok: { url: `/api/v1/learning/${postId}` },
    error: { url: "/api/v1/learning/999999", status: 404 },
  }),
  listProposals: () => ({
    ok: { url: "/api/v1/proposals?limit=5" },
    error: { url: "/api/v1/proposals?status=secret", status: 400 },
  }),
  getProposal: () => ({
    ok: { url: `/api/v1/proposals/${proposalId}` },
    error: { url: "/api/v1/proposals/x", status: 400 },
  }),
  getOpenApiDocument: () => ({
    ok: { url: "/api/v1/openapi.json" },
    error: { url: "/api/v1/openapi.json?x=1", status: 400 },
  }),
};

describe("the OpenAPI document", () => {
  it("passes an OpenAPI 3.1 validator", async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((doc as unknown as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("is checked for real: a broken copy fails the validator, a wrong organisation fails Ajv", async () => {
    const broken = { ...(doc as object), info: undefined, paths: { "no-slash": {} } };
    expect((await new Validator().validate(broken as never)).valid).toBe(false);
    const validate = ajv.getSchema("doc#/components/schemas/Organisation")!;
    expect(validate({ orgCode: 1, name: "x" })).toBe(false);
  });

  it("has every /api/v1 route the app registers, and nothing else", () => {
    const registered = new Set(apiRoutes.map((r) => `${r.method} /api/v1${r.path}`));
    const served = app
      .routeList()
      .filter((r) => r.url.startsWith("/api/v1") && r.method !== "HEAD")
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, "{$1}")}`);
    const missing = served.filter((r) => !registered.has(r));
    expect(missing, "routes under /api/v1 with no schema in the registry").toEqual([]);
    expect(new Set(served)).toEqual(registered);
  });

  it("documents each registered operation under its path", () => {
    for (const r of apiRoutes)
      expect(doc.paths[r.path]?.[r.method.toLowerCase()], r.operationId).toBeDefined();
  });
});

describe("every route answers as the document says", () => {
  for (const route of apiRoutes) {
    it(`${route.method} ${route.path} (${route.operationId})`, async () => {
      const calls = CALLS[route.operationId];
      expect(calls, `a sample call for ${route.operationId} in CALLS`).toBeDefined();
      const { ok, error } = calls!();
      const res = await app.inject({
        method: ok.method ?? "GET",
        url: ok.url,
        ...(ok.payload !== undefined ? { payload: ok.payload as object } : {}),
      });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      checkAgainstDocument(route.path, route.method, res);
      const bad = await app.inject({
        method: error.method ?? "GET",
        url: error.url,
        ...(error.payload !== undefined ? { payload: error.payload as object } : {}),
      });
      expect(bad.statusCode, bad.body.slice(0, 300)).toBe(error.status);
      checkAgainstDocument(route.path, route.method, bad);
    });
  }
});
