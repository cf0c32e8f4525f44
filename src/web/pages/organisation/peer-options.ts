/** The peer selector of an organisation's pages (its dashboard and its metric pages). */
import { regionName } from "../../../metrics/geography.js";
import { defaultGroup } from "../../../metrics/group-ref.js";
import type { CustomPeerGroup, PeerFinderSummary } from "../../../metrics/directory/store.js";
import {
  networks as networkDefinitions,
  networkFootprintContains,
} from "../../../metrics/networks.js";
import type { Organisation } from "../../../metrics/organisations.js";
import type { GroupRefText as GroupRef } from "../../../metrics/service.js";
import { kindLabel } from "../../present.js";

/** The groups offered beside the built-in ones: people's own lists and the trust's Peer Finder group. */
export interface PeerChoices {
  customGroups: readonly CustomPeerGroup[];
  peerFinder: PeerFinderSummary | null;
}

/** "Its NHS Trust Peer Finder group (11 trusts, 1 of them closed)". */
function peerFinderText(g: PeerFinderSummary): string {
  const closed = g.closedMembers.length;
  const count = `${g.members} trust${g.members === 1 ? "" : "s"}`;
  return `Its NHS Trust Peer Finder group (${count}${closed ? `, ${closed} of them closed` : ""})`;
}

/**
 * The peer groups offered for an organisation: its default group first (all acute trusts and the
 * acute trusts of its region and ICB for an acute trust; every organisation of its kind, such as
 * all ambulance trusts, otherwise), then its Peer Finder group, networks, recommended peers and
 * custom lists. With no choice made, the default group is the one selected, as the dashboard
 * compares with it.
 */
export function peerOptions(
  org: Organisation,
  choices: PeerChoices,
  selected: GroupRef | undefined,
) {
  const options: { value: string; text: string }[] = [];
  if (org.kind === "acute_trust") {
    options.push({ value: "acute", text: "All acute trusts in England" });
    if (org.regionCode)
      options.push({
        value: `region-${org.regionCode}`,
        text: `Acute trusts in ${regionName(org.regionCode) ?? org.regionCode}`,
      });
    if (org.icbCode)
      options.push({ value: `icb-${org.icbCode}`, text: `Acute trusts in the same ICB` });
  } else {
    const kind = kindLabel[org.kind] ?? org.kind;
    options.push({ value: defaultGroup(org), text: `All ${kind.toLowerCase()}s in England` });
  }
  if (choices.peerFinder)
    options.push({
      value: choices.peerFinder.peerGroupId,
      text: peerFinderText(choices.peerFinder),
    });
  for (const n of networkDefinitions) {
    if (networkFootprintContains(n, { regionCode: org.regionCode, icbCode: org.icbCode }))
      options.push({ value: `network-${n.id}`, text: `Members of ${n.name}` });
  }
  options.push({
    value: `recommended:${org.orgCode}`,
    text: "Recommended peers (most like it in size, work and type)",
  });
  for (const g of choices.customGroups)
    options.push({ value: g.peerGroupId, text: `My list: ${g.name}` });
  if (selected && !options.some((o) => o.value === selected))
    options.push({ value: selected, text: selected });
  const chosen = selected ?? defaultGroup(org);
  return options.map((o) => ({ ...o, selected: o.value === chosen }));
}
