/**
 * An organisation's history as its page shows it (decision 0010): the organisations it succeeded
 * and those that succeeded it, each with its date, and what the closed-organisation notice says
 * about where the services went. Every sentence says only what the successions held say: a
 * closure with no succession row says so, rather than implying the organisation vanished.
 */
import type { HistoryLink, OrganisationReference } from "../../../metrics/directory/store.js";
import * as links from "../../links.js";
import { longDate } from "../../present.js";

/** One linked organisation: its name (linked when held) and what happened when. */
export interface HistoryItem {
  name: string;
  orgCode: string;
  href: string | null;
  text: string;
}

function item(l: HistoryLink, when: (date: string) => string): HistoryItem {
  const parts: string[] = [];
  if (l.effectiveDate) parts.push(when(longDate(l.effectiveDate)));
  if (l.partial) parts.push("part of the services only");
  const text = parts.join(", ") + (l.partial && l.note ? ` (${l.note})` : "");
  return {
    name: l.name ?? l.orgCode,
    orgCode: l.orgCode,
    href: l.kind ? links.organisation({ orgCode: l.orgCode, kind: l.kind }) : null,
    text,
  };
}

const nameList = (items: readonly HistoryItem[]): string => {
  const names = items.map((i) => i.name);
  return names.length <= 1
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
};

/** The history of the organisation named `name` (its page's title). */
export function historyModel(name: string, reference: OrganisationReference) {
  const predecessors = reference.predecessors.map((l) =>
    item(l, (d) => `succeeded by ${name} from ${d}`),
  );
  const successors = reference.successors.map((l) => item(l, (d) => `from ${d}`));
  const split = reference.successors.length > 1;
  const partial = reference.successors.some((l) => l.partial);
  /** Where a closed organisation's services went, in a sentence. */
  const closedSentence =
    successors.length === 0
      ? "No successor is recorded in the successions held."
      : `${partial && !split ? "Part of its services" : "Its services"} passed to ${nameList(successors)}${split ? " (it was split)" : ""}.`;
  return {
    predecessors,
    successors,
    successorsHeading: split ? "Successors (it was split)" : "Successor",
    closedSentence,
    // A clean merger (every predecessor passed whole, to this organisation alone): its metric
    // pages can continue a series with the merged organisations' combined figures.
    cleanMerger:
      reference.predecessors.length > 0 &&
      reference.predecessors.every((l) => !l.partial && !l.split),
    any: predecessors.length > 0 || successors.length > 0,
  };
}
