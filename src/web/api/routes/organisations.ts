/** `GET /organisations` (filtered, paged by orgCode) and `GET /organisations/{orgCode}`. */
import { z } from "zod";
import { NotFoundError } from "../../../errors.js";
import { orgKinds } from "../../../metrics/organisations.js";
import { byKey, page, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { organisationSchema, pageOf } from "../schemas.js";

const orgCode = z
  .string()
  .regex(/^[A-Za-z0-9]{1,12}$/, "must be an ODS code (letters and digits)")
  .describe("ODS code, e.g. RXX.");

const organisationPage = pageOf(organisationSchema, "Organisation");

export const listOrganisations = apiRoute({
  method: "GET",
  path: "/organisations",
  operationId: "listOrganisations",
  summary: "Organisations, filtered by kind, region or name, in orgCode order",
  tags: ["Organisations"],
  query: z.object({
    kind: z.enum(orgKinds).optional().describe("Only organisations of this kind."),
    region: z
      .string()
      .regex(/^[A-Za-z0-9]{1,12}$/)
      .optional()
      .describe("Only organisations in this NHS England region (its code, e.g. Y56)."),
    q: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("Only organisations whose name or code contains this text (any case)."),
    includeClosed: z
      .enum(["true", "false"])
      .default("false")
      .describe("Include closed organisations (default false)."),
    ...pagingQuery,
  }),
  response: organisationPage,
  csv: {
    head: ["orgCode", "name", "kind", "subtype", "regionCode", "icbCode", "closeDate"],
    rows: (p) =>
      p.data.map((o) => [
        o.orgCode,
        o.name,
        o.kind,
        o.subtype,
        o.regionCode,
        o.icbCode,
        o.closeDate,
      ]),
  },
  async handle({ ctx, query }) {
    const all = await ctx.directory.organisations({
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.region ? { regionCode: query.region.toUpperCase() } : {}),
      includeClosed: query.includeClosed === "true",
    });
    const needle = query.q?.toLowerCase();
    const matching = needle
      ? all.filter(
          (o) => o.name.toLowerCase().includes(needle) || o.orgCode.toLowerCase().includes(needle),
        )
      : [...all];
    return page(
      byKey(matching, (o) => o.orgCode),
      (o) => o.orgCode,
      query,
    );
  },
});

export const getOrganisation = apiRoute({
  method: "GET",
  path: "/organisations/{orgCode}",
  operationId: "getOrganisation",
  summary: "One organisation",
  tags: ["Organisations"],
  params: z.object({ orgCode }),
  response: organisationSchema,
  async handle({ ctx, params }) {
    const org = await ctx.directory.organisation(params.orgCode);
    if (!org) throw new NotFoundError(`No organisation "${params.orgCode.toUpperCase()}".`);
    return org;
  },
});

export { orgCode as orgCodeParameter };
