/**
 * Which learning and improvement networks an organisation belongs to and who leads them, as the
 * organisation page says it near the top: only what NHS England's letter PRN01435 (annex A) and
 * the network membership say. Each network links to its page; a lead's organisation links to its
 * page when the registry holds it under the annex's name.
 *
 * "East of England urgent and emergency care LIN: led by Nick Hulme (chief executive of this
 * trust)."
 */
import type { MemberNetwork, OrganisationReference } from "../../../metrics/directory/store.js";
import { isProviderKind, type Organisation } from "../../../metrics/organisations.js";
import * as links from "../../links.js";

/** A run of text, linked where `href` is given. */
export interface TextPart {
  text: string;
  href?: string;
}

export interface NetworkLine {
  name: string;
  href: string;
  /** "led by …", as parts (people's organisations linked). */
  leads: TextPart[];
}

export interface NetworksModel {
  networks: NetworkLine[];
  /** Said when an open trust belongs to none (a Welsh trust in the ODS list). */
  noMembership: string | null;
}

const list = new Intl.ListFormat("en-GB", { style: "long", type: "conjunction" });

/** Items joined as "A, B and C", keeping each item's parts (and links). */
function joined(items: TextPart[][]): TextPart[] {
  const out: TextPart[] = [];
  let next = 0;
  // The list's elements come back in order, between the literals (", ", " and ").
  for (const part of list.formatToParts(items.map((_, i) => String(i)))) {
    if (part.type === "element") out.push(...(items[next++] ?? []));
    else out.push({ text: part.value });
  }
  return out;
}

function leadParts(org: Organisation, network: MemberNetwork): TextPart[] {
  const self = org.kind.endsWith("_trust") ? "this trust" : "this organisation";
  const people = network.leads.map((lead): TextPart[] => {
    const organisations = lead.organisations.map((o): TextPart[] => {
      if (o.orgCode === org.orgCode) return [{ text: self }];
      return [
        o.orgCode
          ? { text: o.name, href: links.organisationDashboard(o.orgCode) }
          : { text: o.name },
      ];
    });
    return [{ text: `${lead.name} (chief executive of ` }, ...joined(organisations), { text: ")" }];
  });
  return [{ text: "led by " }, ...joined(people)];
}

export function networksModel(org: Organisation, reference: OrganisationReference): NetworksModel {
  // A closed organisation's page is its history: no current membership is claimed for it.
  if (org.closeDate !== null) return { networks: [], noMembership: null };
  const networks = reference.networks.map((n) => ({
    name: n.name,
    href: links.network(n.networkId),
    leads: leadParts(org, n),
  }));
  const noMembership =
    networks.length === 0 && isProviderKind(org.kind)
      ? "It is not a member of any learning and improvement network: their members are the open NHS trusts and integrated care boards of their footprints in England."
      : null;
  return { networks, noMembership };
}
