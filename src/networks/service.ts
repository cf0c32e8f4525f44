/**
 * The network workspace service (issue 17 item 1; decision 0009; docs/networks.md "Workspaces"):
 * the workspace of each of the 16 networks (who leads it, its member organisations and people,
 * events, the activity feed), joining, and events with their actions.
 *
 * Who sees what, decided here:
 * - anyone: the network's focus, footprint, the leads as named in the letter, its member
 *   organisations, and "public" feed items;
 * - the network's members and leads (and national administrators: `network.read_workspace`):
 *   also the people, events and "network" feed items; they add events and actions;
 * - its leads (`network.manage`): also the pending requests to join, which they decide, and they
 *   add organisations and designate deputies.
 */
import type { Actor } from "../accounts/actor.js";
import { can } from "../accounts/policy.js";
import type { NetworkMember, NetworkSummary } from "../metrics/directory/store.js";
import type { ActivityItem } from "./activity.js";
import { createEvents } from "./events.js";
import { belongsTo, createMembership, organisationsOf, type WorkspaceDeps } from "./membership.js";
import type { JoinRequest, NetworkEvent, NetworkPerson } from "./types.js";

export type { WorkspaceDeps } from "./membership.js";

/** Feed items per page. */
export const FEED_PAGE_SIZE = 20;

export interface Workspace {
  network: NetworkSummary;
  /** Whether the actor sees the members' parts (people, events, private feed items). */
  isMember: boolean;
  canManage: boolean;
  /**
   * Whether the actor may ask to join: signed in, belongs to an organisation, and is not yet a
   * member or has an organisation that is not.
   */
  canRequest: boolean;
  /** The actor's organisations (for the request form). */
  ownOrganisations: string[];
  organisations: NetworkMember[];
  /** People with a lead grant, deputies flagged (members only; empty for the public). */
  leads: NetworkPerson[];
  /** People with a member grant (members only). */
  people: NetworkPerson[];
  upcoming: NetworkEvent[];
  past: NetworkEvent[];
  feed: { items: ActivityItem[]; total: number; page: number; pages: number };
  pendingRequests: JoinRequest[];
  myPendingRequest: JoinRequest | undefined;
}

export function createNetworkWorkspaceService(deps: WorkspaceDeps) {
  const membership = createMembership(deps);
  const events = createEvents(deps, membership.networkOf);
  const { store } = deps;

  async function feed(actor: Actor, networkId: string, page = 1) {
    const includeNetwork = can(actor, "network.read_workspace", { kind: "network", networkId });
    const safePage = Math.max(1, Math.min(Math.trunc(page) || 1, 10_000));
    const { items, total } = await store.activityPage(networkId, {
      includeNetwork,
      offset: (safePage - 1) * FEED_PAGE_SIZE,
      limit: FEED_PAGE_SIZE,
    });
    return { items, total, page: safePage, pages: Math.max(1, Math.ceil(total / FEED_PAGE_SIZE)) };
  }

  return {
    ...membership,
    ...events,
    feed,

    /** The workspace as the actor may see it (NotFoundError for an unknown network). */
    async workspace(actor: Actor, networkId: string, feedPage = 1): Promise<Workspace> {
      const network = await membership.networkOf(networkId);
      const resource = { kind: "network", networkId } as const;
      const isMember = can(actor, "network.read_workspace", resource);
      const canManage = can(actor, "network.manage", resource);
      const people = isMember ? await store.people(networkId) : [];
      const { upcoming, past } = isMember
        ? await events.events(actor, networkId)
        : { upcoming: [], past: [] };
      const ownOrganisations = organisationsOf(actor);
      const organisations = await deps.networkMembers(networkId);
      return {
        network,
        isMember,
        canManage,
        // Someone already a member may still ask for an organisation of theirs that is not.
        canRequest:
          actor.kind === "user" &&
          (!belongsTo(actor, networkId)
            ? ownOrganisations.length > 0
            : ownOrganisations.some((o) => !organisations.some((m) => m.orgCode === o))),
        ownOrganisations,
        organisations,
        leads: people.filter((p) => p.role === "lead"),
        people: people.filter((p) => p.role === "member"),
        upcoming,
        past,
        feed: await feed(actor, networkId, feedPage),
        pendingRequests: await membership.pendingRequests(actor, networkId),
        myPendingRequest: await membership.myPendingRequest(actor, networkId),
      };
    },
  };
}

export type NetworkWorkspaceService = ReturnType<typeof createNetworkWorkspaceService>;
