/** The network workspace's things, in domain words (docs/networks.md "Workspaces"). */

/** A person who belongs to a network through a grant (`network_member` or `network_lead`). */
export interface NetworkPerson {
  userId: number;
  displayName: string;
  email: string;
  role: "lead" | "member";
  /** A lead designated deputy (migration 020's `network_deputies`). */
  deputy: boolean;
}

export type JoinRequestStatus = "pending" | "approved" | "declined";

/** A request to join a network: the person themselves and/or an organisation they belong to. */
export interface JoinRequest {
  requestId: number;
  networkId: string;
  userId: number;
  /** The requester's name and email, for the lead who decides (and the email telling them). */
  displayName: string;
  email: string;
  asPerson: boolean;
  orgCode: string | null;
  message: string;
  status: JoinRequestStatus;
  reason: string;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface EventAction {
  actionId: number;
  eventId: number;
  text: string;
  /** A member person's account, or null when the owner is a free-text name. */
  ownerUserId: number | null;
  ownerName: string;
  /** ISO date, or null. */
  dueOn: string | null;
  doneAt: Date | null;
}

export interface NetworkEvent {
  eventId: number;
  networkId: string;
  title: string;
  /** ISO date. */
  heldOn: string;
  /** "HH:MM", or null. */
  startsAt: string | null;
  place: string;
  /** Markdown. */
  agenda: string;
  /** Markdown, written after the meeting. */
  notes: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NetworkEventDetail extends NetworkEvent {
  actions: EventAction[];
}

/** Limits, the same as migration 020's checks. */
export const LIMITS = {
  title: 200,
  place: 200,
  agenda: 20_000,
  notes: 50_000,
  actionText: 1000,
  ownerName: 200,
  message: 1000,
  reason: 1000,
} as const;
