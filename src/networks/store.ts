/**
 * What the network workspace service needs from storage (the PostgreSQL implementation is
 * src/storage/network-workspace-store.ts). The store decides nothing about who may see what: the
 * service asks the policy first.
 */
import type { ActivityStore } from "./activity.js";
import type {
  EventAction,
  JoinRequest,
  JoinRequestStatus,
  NetworkEvent,
  NetworkEventDetail,
  NetworkPerson,
} from "./types.js";

export interface NewJoinRequest {
  networkId: string;
  userId: number;
  asPerson: boolean;
  orgCode: string | null;
  message: string;
}

export interface EventFields {
  title: string;
  heldOn: string;
  startsAt: string | null;
  place: string;
  agenda: string;
  notes: string;
}

export interface NewAction {
  eventId: number;
  text: string;
  ownerUserId: number | null;
  ownerName: string;
  dueOn: string | null;
}

export interface NetworkWorkspaceStore extends ActivityStore {
  /** People holding `network_lead` or `network_member` for the network (enabled accounts), by name. */
  people(networkId: string): Promise<NetworkPerson[]>;
  setDeputy(networkId: string, userId: number, deputy: boolean): Promise<void>;
  /** Adds an organisation to the network's members (`manual`, or reactivates one removed). False when already an active member. */
  addOrganisation(networkId: string, orgCode: string): Promise<boolean>;
  insertJoinRequest(request: NewJoinRequest): Promise<number>;
  joinRequest(requestId: number): Promise<JoinRequest | undefined>;
  /** The network's requests of that status (all when undefined), newest first. */
  joinRequests(networkId: string, status?: JoinRequestStatus): Promise<JoinRequest[]>;
  /**
   * Approves a pending request in one transaction: its status, the person's `network_member`
   * grant (when asked, unless held) and the organisation's membership (when asked). False,
   * changing nothing, when the request is no longer pending.
   */
  approveJoinRequest(requestId: number, decidedBy: number | null, at: Date): Promise<boolean>;
  /** False, changing nothing, when the request is no longer pending. */
  declineJoinRequest(
    requestId: number,
    reason: string,
    decidedBy: number | null,
    at: Date,
  ): Promise<boolean>;
  /** The network's events, by date then id. */
  events(networkId: string): Promise<NetworkEvent[]>;
  event(eventId: number): Promise<NetworkEventDetail | undefined>;
  insertEvent(networkId: string, fields: EventFields, createdBy: number | null): Promise<number>;
  updateEvent(eventId: number, fields: EventFields, at: Date): Promise<void>;
  insertAction(action: NewAction): Promise<number>;
  action(actionId: number): Promise<EventAction | undefined>;
  setActionDone(actionId: number, doneAt: Date | null, doneBy: number | null): Promise<void>;
}
