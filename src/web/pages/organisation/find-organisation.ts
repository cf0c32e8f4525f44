/**
 * Looking up the organisation a page is about, and the organisations its `?peers=` names (shared
 * by the dashboard and the metric pages).
 */
import { NotFoundError, UsageError } from "../../../errors.js";
import { icbByOdsCode, regionName } from "../../../metrics/geography.js";
import { canonicalGroupRef, parseGroupRef, type GroupRef } from "../../../metrics/group-ref.js";
import { z } from "zod";
import type { Organisation } from "../../../metrics/organisations.js";
import type { AppContext } from "../../context.js";
import * as links from "../../links.js";
import { orgCodeSchema, param, peersSchema, queryProblems } from "../../present.js";

/** Every organisation by code, once per data version (no database round trip per request). */
const organisationsByCode = (ctx: AppContext) =>
  ctx.cache.get(
    "organisations-by-code",
    async () =>
      new Map(
        (await ctx.directory.organisations({ includeClosed: true })).map((o) => [o.orgCode, o]),
      ),
  );

/** The organisation, or a 404. */
export async function organisationOr404(ctx: AppContext, code: string) {
  const org = (await organisationsByCode(ctx)).get(code);
  if (!org) throw new NotFoundError(`There is no organisation with the code ${code}.`);
  return org;
}

/**
 * Refuses, in plain words (400), a `?peers=` the page cannot use: one that is not a group at all,
 * a region or ICB that does not exist (the analytics service would compare with an empty group)
 * or an organisation that is not held (it would say "not found", as if the page were missing).
 * Groups stored by id (networks, Peer Finder and custom groups) are checked by the service
 * (`withPeers` words its refusal). Returns the group's canonical text (group-ref.ts
 * `canonicalGroupRef`: an ad hoc list sorted and de-duplicated), so that equivalent addresses
 * share one cached page.
 */
export async function checkPeers(
  ctx: AppContext,
  peers: string | undefined,
): Promise<string | undefined> {
  if (peers === undefined) return undefined;
  let ref: GroupRef;
  try {
    ref = parseGroupRef(peers);
  } catch {
    throw new UsageError(queryProblems.peers(peers));
  }
  if (
    (ref.kind === "region" && regionName(ref.regionCode) === undefined) ||
    (ref.kind === "icb" && icbByOdsCode(ref.icbCode) === undefined)
  )
    throw new UsageError(queryProblems.peers(peers));
  const codes =
    ref.kind === "recommended" ? [ref.orgCode] : ref.kind === "orgs" ? ref.orgCodes : [];
  if (codes.length === 0) return canonicalGroupRef(peers);
  const byCode = await organisationsByCode(ctx);
  const unknown = codes.filter((c) => !byCode.has(c));
  if (unknown.length > 0)
    throw new UsageError(
      `There is no organisation with the code ${new Intl.ListFormat("en-GB").format(unknown)} to compare with. Choose peers from the “Compare with” list on the page.`,
    );
  return canonicalGroupRef(peers);
}

const orgParams = z.object({ code: orgCodeSchema });
const peersQuery = z.object({ peers: peersSchema });

/**
 * An organisation page's request (`/org/:code` and its board view): the organisation (404 when
 * unknown), its checked `?peers=`, and where a region or an ICB is sent instead (its group
 * dashboard; null for a trust).
 */
export async function organisationRequest(
  ctx: AppContext,
  request: { params: unknown; query: unknown },
): Promise<{
  code: string;
  peers: string | undefined;
  organisation: Organisation;
  groupDashboard: string | null;
}> {
  const { code } = param(orgParams, request.params, "organisation code");
  const query = param(peersQuery, request.query, "peer group");
  const organisation = await organisationOr404(ctx, code);
  const peers = await checkPeers(ctx, query.peers);
  const group = organisation.kind === "region" || organisation.kind === "icb";
  return {
    code,
    peers,
    organisation,
    groupDashboard: group ? links.organisation(organisation) : null,
  };
}
