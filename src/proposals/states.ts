/**
 * The proposal state machine and who may move it (issue 17 item 4; docs/proposals.md), pure:
 * no database, no policy calls. The service works out the reader's capacities over one proposal
 * (`capacitiesOf`) and asks this file what they may do; the tests walk every transition for
 * every capacity.
 *
 *   draft → submitted → in_review → approved → running → evaluated → closed
 *                                 ↘ declined → closed
 *   submitted | in_review → draft (sent back with comments)
 */
import type { Actor } from "../accounts/actor.js";

export const STATES = [
  "draft",
  "submitted",
  "in_review",
  "approved",
  "declined",
  "running",
  "evaluated",
  "closed",
] as const;

export type ProposalState = (typeof STATES)[number];

export const STATE_LABELS: Record<ProposalState, string> = {
  draft: "Draft",
  submitted: "Submitted for review",
  in_review: "In review",
  approved: "Approved",
  declined: "Declined",
  running: "Running",
  evaluated: "Evaluated",
  closed: "Closed",
};

/** The states anyone, signed in or not, may see: the proposal has been approved. */
export const PUBLIC_STATES: readonly ProposalState[] = [
  "approved",
  "running",
  "evaluated",
  "closed",
];

/** Who the reader is to one proposal (several may hold: an administrator who leads the network). */
export interface Capacities {
  /** A network lead of the proposal's network. */
  lead: boolean;
  /** A network member (not lead) of the proposal's network: reads its drafts. */
  member: boolean;
  /** Holds the national role `proposal_reviewer`. */
  reviewer: boolean;
  /** A national administrator, or the operator at the command line. */
  admin: boolean;
}

export const NOBODY: Capacities = { lead: false, member: false, reviewer: false, admin: false };

/** What a person may do to a proposal that changes its state. */
export type Transition =
  "submit" | "start_review" | "send_back" | "approve" | "decline" | "start" | "evaluate" | "close";

export const TRANSITIONS: Record<
  Transition,
  {
    from: readonly ProposalState[];
    to: ProposalState;
    who: "lead" | "reviewer" | "lead_or_admin";
    /** A reason (comments, reasons for declining, the evaluation record) is required. */
    needsReason: boolean;
    label: string;
  }
> = {
  submit: {
    from: ["draft"],
    to: "submitted",
    who: "lead",
    needsReason: false,
    label: "Submit for review",
  },
  start_review: {
    from: ["submitted"],
    to: "in_review",
    who: "reviewer",
    needsReason: false,
    label: "Start the review",
  },
  send_back: {
    from: ["submitted", "in_review"],
    to: "draft",
    who: "reviewer",
    needsReason: true,
    label: "Send back to the network to change",
  },
  approve: {
    from: ["in_review"],
    to: "approved",
    who: "reviewer",
    needsReason: false,
    label: "Approve",
  },
  decline: {
    from: ["in_review"],
    to: "declined",
    who: "reviewer",
    needsReason: true,
    label: "Decline",
  },
  start: {
    from: ["approved"],
    to: "running",
    who: "lead",
    needsReason: false,
    label: "Start running",
  },
  evaluate: {
    from: ["running"],
    to: "evaluated",
    who: "lead",
    needsReason: true,
    label: "Record the evaluation",
  },
  close: {
    from: ["evaluated", "declined"],
    to: "closed",
    who: "lead_or_admin",
    needsReason: false,
    label: "Close",
  },
};

export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as Transition[];

/**
 * Reviewing is for reviewers and administrators, but never of a proposal of a network the person
 * leads: nobody approves their own network's proposal.
 */
export function mayReview(c: Capacities): boolean {
  return (c.reviewer || c.admin) && !c.lead;
}

/** Whether the capacities allow `transition` from `state`. */
export function mayTransition(
  state: ProposalState,
  transition: Transition,
  c: Capacities,
): boolean {
  const t = TRANSITIONS[transition];
  if (!t.from.includes(state)) return false;
  switch (t.who) {
    case "lead":
      return c.lead;
    case "reviewer":
      return mayReview(c);
    case "lead_or_admin":
      return c.lead || c.admin;
  }
}

/** The transitions open to the reader in this state, in the order the table lists them. */
export function transitionsFor(state: ProposalState, c: Capacities): Transition[] {
  return TRANSITION_NAMES.filter((t) => mayTransition(state, t, c));
}

/** Only leads edit, and only a draft. */
export function mayEdit(state: ProposalState, c: Capacities): boolean {
  return state === "draft" && c.lead;
}

/** Reviewers comment while a proposal is submitted or in review; the network's leads answer. */
export function mayComment(state: ProposalState, c: Capacities): boolean {
  return (state === "submitted" || state === "in_review") && (mayReview(c) || c.lead);
}

/**
 * Who sees a proposal: the network's leads and members and administrators always; reviewers
 * once it has left draft (a proposal sent back is the network's again); everyone once approved.
 */
export function mayRead(state: ProposalState, c: Capacities): boolean {
  if (c.admin || c.lead || c.member) return true;
  if (PUBLIC_STATES.includes(state)) return true;
  return c.reviewer && state !== "draft";
}

/** The reader's capacities over a proposal of `networkId`, from their grants. */
export function capacitiesOf(actor: Actor, networkId: string): Capacities {
  if (actor.kind === "anonymous") return NOBODY;
  if (actor.kind === "operator") return { ...NOBODY, admin: true };
  const inNetwork = (role: string) =>
    actor.grants.some(
      (g) => g.role === role && g.scope.kind === "network" && g.scope.networkId === networkId,
    );
  const national = (role: string) => actor.grants.some((g) => g.role === role);
  const lead = inNetwork("network_lead");
  return {
    lead,
    member: !lead && inNetwork("network_member"),
    reviewer: national("proposal_reviewer"),
    admin: national("national_admin"),
  };
}
