/**
 * The NHS Trust Peer Finder groups: the shared data's strategy-unit-nhp/nhp-peers.csv (The
 * Strategy Unit's copy of the Peer Finder Tool's groups, as used by the New Hospital Programme),
 * 2,224 rows, one per trust and peer:
 *
 *   procode,peer
 *   R0A,R0A
 *   R0A,R1H
 *
 * Each trust's rows are its group (208 groups of 8–11, acute, specialist, mental health and
 * community trusts alike); each becomes a peer group `peer-finder-<code>` named "<trust>'s Peer
 * Finder group" (metrics/reference-data.ts), offered in the organisation page's peer selector
 * and usable with `--peers`. Members are kept as published:
 * - old (closed) trusts are kept, as groups (R1C, RW6…) and as members (R1C is in R1A's group);
 *   the page says how many members have closed, and they simply have no recent values;
 * - 19 groups of closed trusts do not list the trust itself; nothing is added.
 * A code the registry does not hold yet is added as an unlisted provider, as values files do.
 */
import type { ReferenceInput } from "../../format.js";
import { givenTwice } from "../../problem-messages.js";
import { headerIs } from "../shared/columns.js";
import { referenceFormat } from "../shared/reference-format.js";

const COLUMNS = ["procode", "peer"] as const;

interface State {
  groups: Map<string, string[]>;
  lines: Map<string, number>;
}

export const peerFinderFormat = referenceFormat({
  id: "peer-finder",
  description:
    "NHS Trust Peer Finder groups (reference): procode, peer; one peer group per trust (peer-finder-<code>)",
  columns: COLUMNS,
  detect: (first) => headerIs(first, COLUMNS),
  state: (): State => ({ groups: new Map(), lines: new Map() }),
  map(row, c, state) {
    const orgCode = row.orgCode(c.procode);
    const peer = row.orgCode(c.peer);
    if (row.bad || !orgCode || !peer) return;
    const key = `${orgCode} ${peer}`;
    const earlier = state.lines.get(key);
    if (earlier !== undefined) {
      row.problem(c.peer, key, givenTwice("trust and peer", [earlier, row.line]));
      return;
    }
    state.lines.set(key, row.line);
    const members = state.groups.get(orgCode);
    if (members) members.push(peer);
    else state.groups.set(orgCode, [peer]);
  },
  finish: (state: State): ReferenceInput[] =>
    [...state.groups].map(([orgCode, members]) => ({
      type: "peer_finder_group",
      orgCode,
      members,
    })),
});
