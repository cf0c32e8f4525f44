/**
 * A group of organisations to compare with or aggregate over: one type for the analytics service
 * and storage (storage may import metrics; metrics never imports storage).
 *
 * Text forms (URLs, the CLI, `GroupInfo.groupRef`), parsed by {@link parseGroupRef} and written
 * by {@link formatGroupRef}:
 * - `england`: every NHS provider (trust) in England;
 * - `geo-region:<Y56>` / `geo-icb:<QMF>`: every provider in a region or ICB (all kinds);
 * - `network:<id>`: the active provider members of a learning and improvement network;
 * - `kind:<kind>`: every provider of one kind, e.g. `kind:ambulance_trust`;
 * - `recommended:<ORG>`: the organisation and its recommended peers;
 * - `orgs:<A>,<B>,…`: an ad hoc list (codes trimmed and upper-cased);
 * - anything else: the id of a `peer_groups` row (`acute`, `region-Y56`, `icb-QMF`,
 *   `network-<id>`, a trust's NHS Trust Peer Finder group `peer-finder-<ORG>` as imported from
 *   the Peer Finder publication (decision 0010), or a custom group's id such as `custom-my-list`).
 *
 * Example: `parseGroupRef("geo-region:Y56")` → `{ kind: "region", regionCode: "Y56" }`.
 */
import { UsageError } from "../errors.js";
import { isOrgKind, orgKinds, type OrgKind, type Organisation } from "./organisations.js";

export type GroupRef =
  | { kind: "england" }
  | { kind: "region"; regionCode: string }
  | { kind: "icb"; icbCode: string }
  | { kind: "network"; networkId: string }
  | { kind: "peer_group"; peerGroupId: string }
  | { kind: "org_kind"; orgKind: OrgKind }
  | { kind: "recommended"; orgCode: string }
  | { kind: "orgs"; orgCodes: readonly string[] };

/** A group reference as text: what {@link parseGroupRef} reads and {@link formatGroupRef} writes. */
export type GroupRefText = string;

const ENGLAND = "england";
/** Text prefix of each form written `prefix:rest`. */
const PREFIX = {
  region: "geo-region:",
  icb: "geo-icb:",
  network: "network:",
  org_kind: "kind:",
  recommended: "recommended:",
  orgs: "orgs:",
} as const;

/** Peer group ids: custom ones are lower-case, seeded ones carry codes (`region-Y56`); never a colon. */
const PEER_GROUP_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const FORMS =
  "england, geo-region:<code>, geo-icb:<code>, network:<id>, kind:<kind>, recommended:<ORG>, orgs:A,B, or a peer group id such as acute, region-Y56, icb-QMF, network-<id>, peer-finder-<ORG>";

const orgCodeOf = (text: string): string => text.trim().toUpperCase();

/** Reads a group reference; a malformed one is a UsageError naming the accepted forms. */
export function parseGroupRef(text: GroupRefText): GroupRef {
  if (text === ENGLAND) return { kind: "england" };
  const colon = text.indexOf(":");
  if (colon < 0) {
    if (!PEER_GROUP_ID.test(text))
      throw new UsageError(`Unknown group "${text}" (a group is one of: ${FORMS})`);
    return { kind: "peer_group", peerGroupId: text };
  }
  const prefix = text.slice(0, colon + 1);
  const rest = text.slice(colon + 1);
  const need = (what: string): string => {
    if (rest.trim() === "")
      throw new UsageError(`Group "${text}" names no ${what} (write ${prefix}<${what}>)`);
    return rest;
  };
  switch (prefix) {
    case PREFIX.region:
      return { kind: "region", regionCode: need("region code") };
    case PREFIX.icb:
      return { kind: "icb", icbCode: need("ICB code") };
    case PREFIX.network:
      return { kind: "network", networkId: need("network id") };
    case PREFIX.org_kind: {
      const orgKind = need("organisation kind");
      if (!isOrgKind(orgKind))
        throw new UsageError(
          `Group "${text}": "${orgKind}" is not an organisation kind (one of ${orgKinds.join(", ")})`,
        );
      return { kind: "org_kind", orgKind };
    }
    case PREFIX.recommended:
      return { kind: "recommended", orgCode: orgCodeOf(need("organisation code")) };
    case PREFIX.orgs: {
      const orgCodes = rest.split(",").map(orgCodeOf).filter(Boolean);
      if (orgCodes.length === 0)
        throw new UsageError(`Group "${text}" names no organisations (write orgs:A,B,…)`);
      return { kind: "orgs", orgCodes };
    }
    default:
      throw new UsageError(`Unknown group "${text}" (a group is one of: ${FORMS})`);
  }
}

/** The text of a group reference: `parseGroupRef(formatGroupRef(ref))` equals `ref`. */
export function formatGroupRef(ref: GroupRef): GroupRefText {
  switch (ref.kind) {
    case "england":
      return ENGLAND;
    case "region":
      return PREFIX.region + ref.regionCode;
    case "icb":
      return PREFIX.icb + ref.icbCode;
    case "network":
      return PREFIX.network + ref.networkId;
    case "peer_group":
      return ref.peerGroupId;
    case "org_kind":
      return PREFIX.org_kind + ref.orgKind;
    case "recommended":
      return PREFIX.recommended + ref.orgCode;
    case "orgs":
      return PREFIX.orgs + ref.orgCodes.join(",");
  }
}

/**
 * The one text of a group, so that equivalent references share one cache entry (issue 14): an ad
 * hoc list sorted and de-duplicated (`orgs:ryj,RJ1,RJ1` → `orgs:RJ1,RYJ`), codes trimmed and
 * upper-cased; every other form as {@link formatGroupRef} writes it. A malformed reference is the
 * UsageError of {@link parseGroupRef}.
 */
export function canonicalGroupRef(text: GroupRefText): GroupRefText {
  const ref = parseGroupRef(text);
  return formatGroupRef(
    ref.kind === "orgs" ? { kind: "orgs", orgCodes: [...new Set(ref.orgCodes)].sort() } : ref,
  );
}

/**
 * Whether a group is an ad hoc list of organisations (`orgs:…`): any of countless combinations,
 * so results about it are kept only in small caches (issue 14).
 */
export const isAdHocGroup = (text: GroupRefText | undefined): boolean =>
  text?.startsWith(PREFIX.orgs) ?? false;

/**
 * The peers an organisation is compared with unless another group is chosen: all acute trusts
 * for an acute trust, otherwise every organisation of its kind (an ambulance trust with the
 * ambulance trusts: `kind:ambulance_trust`).
 */
export function defaultGroup(org: Pick<Organisation, "kind">): GroupRefText {
  return org.kind === "acute_trust" ? "acute" : `${PREFIX.org_kind}${org.kind}`;
}
