/**
 * Joining a network (issue 17 item 1; docs/networks.md "Workspaces"): anyone signed in who
 * belongs to an organisation asks to join, themselves (as a `network_member`) and/or that
 * organisation; a lead of the network approves, or declines with a reason. A lead also adds an
 * organisation directly (people are invited through src/accounts/invitations.ts). Every change
 * is audited, recorded in the feed, and the requester is told by email through the outbox.
 */
import { z } from "zod";
import type { Actor, UserActor } from "../accounts/actor.js";
import { actorUserId } from "../accounts/actor.js";
import type { AuditEvent, Auditor, RequestOrigin } from "../accounts/audit.js";
import type { Outbox } from "../accounts/mail.js";
import { authorize, can, changingUser } from "../accounts/policy.js";
import { ConflictError, InputError, NotFoundError } from "../errors.js";
import type { NetworkMember, NetworkSummary } from "../metrics/directory/store.js";
import type { ActivityRecorder } from "./activity.js";
import type { NetworkWorkspaceStore } from "./store.js";
import { LIMITS, type JoinRequest } from "./types.js";

export interface WorkspaceDeps {
  store: NetworkWorkspaceStore;
  /** The 16 networks (src/metrics/directory `networks`). */
  networks: () => Promise<NetworkSummary[]>;
  /** A network's active member organisations (src/metrics/directory `networkMembers`). */
  networkMembers: (networkId: string) => Promise<NetworkMember[]>;
  /** An organisation's name, or undefined when there is none such. */
  organisationName: (orgCode: string) => Promise<string | undefined>;
  activity: ActivityRecorder;
  audit: Auditor;
  outbox: Outbox;
  /**
   * Invites an email address to a grant (src/accounts/invitations.ts `invite`: it checks the
   * policy, audits and emails the link).
   */
  invite: (
    actor: Actor,
    input: { email: string; role: string; networkId: string },
    origin?: RequestOrigin,
  ) => Promise<unknown>;
  /** The hub's address, for links in emails. */
  publicUrl: string;
  now: () => Date;
}

/** A join request as a form gives it. */
export interface JoinInput {
  /** "yes" to join as a person. */
  asPerson: string;
  /** An ODS code of one of the requester's organisations, or "". */
  orgCode: string;
  message: string;
}

const network = (networkId: string) => ({ kind: "network", networkId }) as const;

/** The organisations the actor belongs to (organisation grants). */
export function organisationsOf(actor: Actor): string[] {
  if (actor.kind !== "user") return [];
  return [
    ...new Set(
      actor.grants.flatMap((g) => (g.scope.kind === "organisation" ? [g.scope.orgCode] : [])),
    ),
  ];
}

/** Whether the actor holds a grant in the network (as member or lead). */
export function belongsTo(actor: Actor, networkId: string): boolean {
  return (
    actor.kind === "user" &&
    actor.grants.some(
      (g) =>
        (g.role === "network_member" || g.role === "network_lead") &&
        g.scope.kind === "network" &&
        g.scope.networkId === networkId,
    )
  );
}

const text = (max: number, field: string, label: string) =>
  z.string().trim().max(max, `${label} must be ${max} characters or fewer`).describe(field);

export function createMembership(deps: WorkspaceDeps) {
  const { store, audit } = deps;

  async function networkOf(networkId: string): Promise<NetworkSummary> {
    const found = (await deps.networks()).find((n) => n.networkId === networkId);
    if (!found) throw new NotFoundError(`There is no network "${networkId}".`);
    return found;
  }

  /** The request, if it belongs to that network and the actor may decide it; else 404. */
  async function decidable(actor: Actor, networkId: string, requestId: number) {
    const request = await store.joinRequest(requestId);
    if (
      !request ||
      request.networkId !== networkId ||
      !can(actor, "network.manage", network(networkId))
    )
      throw new NotFoundError("There is no such request to join.");
    return request;
  }

  async function tell(request: JoinRequest, subject: string, lines: string[]) {
    await deps.outbox.enqueue({
      kind: "notification",
      to: request.email,
      subject,
      text: lines.join("\n"),
    });
  }

  const link = (path: string) => `${deps.publicUrl.replace(/\/$/, "")}${path}`;

  function what(request: Pick<JoinRequest, "asPerson" | "orgCode">, orgName: string | undefined) {
    const org = request.orgCode ? `${orgName ?? request.orgCode} (${request.orgCode})` : "";
    return request.asPerson && org ? `you and ${org}` : request.asPerson ? "you" : org;
  }

  async function event(actor: Actor, e: AuditEvent, origin?: RequestOrigin) {
    await audit(actor, e, origin);
  }

  return {
    networkOf,

    /** Asks to join `networkId`; returns the request's id. */
    async requestToJoin(actor: Actor, networkId: string, input: JoinInput, origin?: RequestOrigin) {
      const user: UserActor = changingUser(actor);
      const net = await networkOf(networkId);
      const own = organisationsOf(user);
      if (own.length === 0)
        throw new InputError(
          "Only people who belong to an organisation can ask to join a network.",
          [
            {
              column: "orgCode",
              reason: "Ask your organisation's analyst to add you to your organisation first",
            },
          ],
        );
      const asPerson = input.asPerson === "yes";
      const orgCode = input.orgCode.trim().toUpperCase();
      const problems: { column: string; value?: string; reason: string }[] = [];
      if (orgCode !== "" && !own.includes(orgCode))
        problems.push({
          column: "orgCode",
          value: orgCode,
          reason: `You can only ask for an organisation you belong to, not ${orgCode}`,
        });
      if (!asPerson && orgCode === "")
        problems.push({
          column: "asPerson",
          reason: "Choose to join yourself, your organisation, or both",
        });
      if (asPerson && belongsTo(user, networkId))
        problems.push({ column: "asPerson", reason: `You are already a member of ${net.name}` });
      if (
        orgCode !== "" &&
        (await deps.networkMembers(networkId)).some((m) => m.orgCode === orgCode)
      )
        problems.push({
          column: "orgCode",
          value: orgCode,
          reason: `${orgCode} is already a member of ${net.name}`,
        });
      const message = text(LIMITS.message, "message", "Your message").safeParse(input.message);
      if (!message.success)
        problems.push({ column: "message", reason: message.error.issues[0]!.message });
      if (problems.length || !message.success)
        throw new InputError(problems[0]?.reason ?? "Check the request", problems);
      if ((await store.joinRequests(networkId, "pending")).some((r) => r.userId === user.userId))
        throw new ConflictError(`You have already asked to join ${net.name}; a lead will answer.`);
      const requestId = await store.insertJoinRequest({
        networkId,
        userId: user.userId,
        asPerson,
        orgCode: orgCode || null,
        message: message.data,
      });
      await event(
        actor,
        {
          action: "network.join_requested",
          target: { kind: "network_join_request", ref: String(requestId) },
          networkId,
          ...(orgCode ? { orgCode } : {}),
          details: { asPerson },
        },
        origin,
      );
      await deps.activity.record({
        networkId,
        kind: "member.requested",
        summary: `${user.displayName} asked to join${orgCode ? ` for ${orgCode}` : ""}.`,
        href: `/networks/${networkId}/members`,
        actorUserId: user.userId,
        visibility: "network",
      });
      // The network's leads hear of it, so a request does not wait unseen.
      for (const lead of (await store.people(networkId)).filter((p) => p.role === "lead"))
        await deps.outbox.enqueue({
          kind: "notification",
          to: lead.email,
          subject: `${user.displayName} asked to join ${net.name}`,
          text: [
            `${user.displayName} asked to join ${net.name}${orgCode ? ` (with ${orgCode})` : ""}.`,
            "",
            "Approve or decline it (with a reason) on the network's members page:",
            link(`/networks/${networkId}/members#requests`),
          ].join("\n"),
        });
      return requestId;
    },

    /** A lead approves: the grant and/or the organisation's membership, then the requester is told. */
    async approve(actor: Actor, networkId: string, requestId: number, origin?: RequestOrigin) {
      const request = await decidable(actor, networkId, requestId);
      const net = await networkOf(networkId);
      if (!(await store.approveJoinRequest(requestId, actorUserId(actor), deps.now())))
        throw new ConflictError("This request has already been answered.");
      const orgName = request.orgCode ? await deps.organisationName(request.orgCode) : undefined;
      await event(
        actor,
        {
          action: "network.join_approved",
          target: { kind: "network_join_request", ref: String(requestId) },
          networkId,
          ...(request.orgCode ? { orgCode: request.orgCode } : {}),
          details: { userId: request.userId, asPerson: request.asPerson },
        },
        origin,
      );
      if (request.asPerson)
        await deps.activity.record({
          networkId,
          kind: "member.joined",
          summary: `${request.displayName} joined the network.`,
          href: `/networks/${networkId}/members`,
          actorUserId: actorUserId(actor),
          visibility: "network",
        });
      if (request.orgCode)
        await deps.activity.record({
          networkId,
          kind: "organisation.joined",
          summary: `${orgName ?? request.orgCode} joined the network.`,
          href: `/org/${request.orgCode}`,
          actorUserId: actorUserId(actor),
          visibility: "public",
        });
      await tell(request, `Your request to join ${net.name} was approved`, [
        `Your request to join ${net.name} (${what(request, orgName)}) was approved.`,
        "",
        request.asPerson
          ? "Sign in again to see the network's workspace:"
          : "The network's workspace:",
        link(`/networks/${networkId}`),
      ]);
    },

    /** A lead declines, with a reason the requester is sent. */
    async decline(
      actor: Actor,
      networkId: string,
      requestId: number,
      reasonText: string,
      origin?: RequestOrigin,
    ) {
      const request = await decidable(actor, networkId, requestId);
      const reason = reasonText.trim();
      if (reason === "")
        throw new InputError("Enter the reason for declining", [
          { column: "reason", reason: "Enter the reason for declining; the requester is sent it" },
        ]);
      if (reason.length > LIMITS.reason)
        throw new InputError(`The reason must be ${LIMITS.reason} characters or fewer`, [
          { column: "reason", reason: `The reason must be ${LIMITS.reason} characters or fewer` },
        ]);
      const net = await networkOf(networkId);
      if (!(await store.declineJoinRequest(requestId, reason, actorUserId(actor), deps.now())))
        throw new ConflictError("This request has already been answered.");
      await event(
        actor,
        {
          action: "network.join_declined",
          target: { kind: "network_join_request", ref: String(requestId) },
          networkId,
          ...(request.orgCode ? { orgCode: request.orgCode } : {}),
          details: { userId: request.userId, reason },
        },
        origin,
      );
      const orgName = request.orgCode ? await deps.organisationName(request.orgCode) : undefined;
      await tell(request, `Your request to join ${net.name} was declined`, [
        `Your request to join ${net.name} (${what(request, orgName)}) was declined.`,
        "",
        "The lead gave this reason:",
        reason,
      ]);
    },

    /** Pending requests, for the network's leads (404 for anyone else). */
    async pendingRequests(actor: Actor, networkId: string): Promise<JoinRequest[]> {
      await networkOf(networkId);
      if (!can(actor, "network.manage", network(networkId))) return [];
      return store.joinRequests(networkId, "pending");
    },

    /** The actor's own pending request to this network, if any. */
    async myPendingRequest(actor: Actor, networkId: string): Promise<JoinRequest | undefined> {
      if (actor.kind !== "user") return undefined;
      return (await store.joinRequests(networkId, "pending")).find(
        (r) => r.userId === actor.userId,
      );
    },

    /** A lead adds an organisation to the network's members directly. */
    async addOrganisation(
      actor: Actor,
      networkId: string,
      orgCodeText: string,
      origin?: RequestOrigin,
    ) {
      const net = await networkOf(networkId);
      authorize(actor, "network.manage", network(networkId));
      const orgCode = orgCodeText.trim().toUpperCase();
      const name = /^[A-Z0-9]{3,5}$/.test(orgCode)
        ? await deps.organisationName(orgCode)
        : undefined;
      if (!name)
        throw new InputError(`There is no organisation with the ODS code ${orgCode || "(blank)"}`, [
          {
            column: "orgCode",
            value: orgCode,
            reason: `There is no organisation with the ODS code ${orgCode || "(blank)"}`,
          },
        ]);
      if (!(await store.addOrganisation(networkId, orgCode)))
        throw new InputError(`${name} is already a member of ${net.name}`, [
          {
            column: "orgCode",
            value: orgCode,
            reason: `${name} is already a member of ${net.name}`,
          },
        ]);
      await event(
        actor,
        {
          action: "network.organisation_added",
          target: { kind: "organisation", ref: orgCode },
          networkId,
          orgCode,
        },
        origin,
      );
      await deps.activity.record({
        networkId,
        kind: "organisation.joined",
        summary: `${name} joined the network.`,
        href: `/org/${orgCode}`,
        actorUserId: actorUserId(actor),
        visibility: "public",
      });
    },

    /** A lead invites a person by email to be a member of the network (an invitation link). */
    async invitePerson(actor: Actor, networkId: string, email: string, origin?: RequestOrigin) {
      await networkOf(networkId);
      authorize(actor, "network.manage", network(networkId));
      await deps.invite(actor, { email, role: "network_member", networkId }, origin);
      await deps.activity.record({
        networkId,
        kind: "member.invited",
        summary: `${actor.kind === "user" ? actor.displayName : "An administrator"} invited a new member.`,
        href: `/networks/${networkId}/members`,
        actorUserId: actorUserId(actor),
        visibility: "network",
      });
    },

    /** A lead designates another lead of the network deputy (or not). */
    async setDeputy(
      actor: Actor,
      networkId: string,
      userId: number,
      deputy: boolean,
      origin?: RequestOrigin,
    ) {
      await networkOf(networkId);
      authorize(actor, "network.manage", network(networkId));
      const person = (await store.people(networkId)).find(
        (p) => p.userId === userId && p.role === "lead",
      );
      if (!person) throw new NotFoundError("There is no such lead of this network.");
      await store.setDeputy(networkId, userId, deputy);
      await event(
        actor,
        {
          action: deputy ? "network.deputy_designated" : "network.deputy_removed",
          target: { kind: "user", ref: String(userId) },
          networkId,
        },
        origin,
      );
    },
  };
}
