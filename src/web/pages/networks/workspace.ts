/**
 * A network's workspace (issue 17 item 1; docs/networks.md "Workspaces"): `/networks/:networkId`
 * (focus, leads, members, links to the dashboard and shared self-assessments, events, the
 * activity feed), `/networks/:networkId/members` (organisations and people; a lead's requests,
 * invitations and deputies) and `/networks/:networkId/join` (asking to join). Every read goes
 * through the workspace service, which decides who sees what; pages are made per person (never
 * cached). Plain forms, POST-redirect-GET, no script.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { SignInRequiredError } from "../../../errors.js";
import { networkFocusLabel, networkFootprintLabel } from "../../../metrics/networks.js";
import type { Workspace } from "../../../networks/service.js";
import type { AppContext } from "../../context.js";
import { fieldErrorsOf, formFields, formPage, originOf, type FieldErrors } from "../../forms.js";
import * as links from "../../links.js";
import { longDate, longDateTime, param } from "../../present.js";
import { LIMITS } from "../../../networks/types.js";
import { feedQuery, longField, networkParams, requestParams } from "./params.js";
import { postSummary } from "../learning/learning-model.js";
import { stateLabel } from "../proposals/proposals-model.js";

/** What the workspace pages share: the network, who the reader is to it, dates in words. */
export function workspaceModel(w: Workspace, networkId: string) {
  const n = w.network;
  return {
    network: n,
    networkId,
    caption: `${n.regionName ?? n.regionCode} · ${networkFootprintLabel[n.footprint]} · ${networkFocusLabel[n.focus]}`,
    focus: networkFocusLabel[n.focus],
    footprint: networkFootprintLabel[n.footprint],
    isMember: w.isMember,
    canManage: w.canManage,
    canRequest: w.canRequest && !w.myPendingRequest,
    myPendingRequest: w.myPendingRequest
      ? { ...w.myPendingRequest, since: longDateTime(w.myPendingRequest.createdAt) }
      : null,
    organisations: w.organisations.map((o) => ({
      ...o,
      href: links.organisationDashboard(o.orgCode),
    })),
    leads: w.leads,
    people: w.people,
    dashboardHref: links.networkDashboard(networkId),
    workspaceHref: links.network(networkId),
  };
}

const eventRow = (networkId: string) => (e: Workspace["upcoming"][number]) => ({
  title: e.title,
  href: `/networks/${networkId}/events/${e.eventId}`,
  when: `${longDate(e.heldOn)}${e.startsAt ? ` at ${e.startsAt}` : ""}`,
  place: e.place,
});

export const workspaceRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/networks/:networkId", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      const { feed: feedPage } = param(feedQuery, request.query, "page of the feed");
      const w = await ctx.networkWorkspaces.workspace(request.actor, networkId, feedPage ?? 1);
      // The network's shared learning and proposals, as far as the reader may see them (the
      // services filter: public posts and approved proposals for everyone, the rest for members).
      const [learning, proposals] = await Promise.all([
        ctx.learning.feed(request.actor, { networkId }, 1),
        ctx.proposals.forNetwork(request.actor, networkId),
      ]);
      const page = w.feed.page;
      const feedHref = (p: number) => `${links.network(networkId)}?feed=${p}#activity`;
      return formPage(reply, "networks/workspace.njk", {
        ...workspaceModel(w, networkId),
        title: w.network.name,
        assessments: w.isMember
          ? ctx.assessments.matrices().map((m) => ({
              text: m.title,
              href: `/networks/${networkId}/assessments/${m.id}`,
            }))
          : [],
        upcoming: w.upcoming.slice(0, 5).map(eventRow(networkId)),
        past: w.past.slice(0, 5).map(eventRow(networkId)),
        moreEvents: w.upcoming.length > 5 || w.past.length > 5,
        pendingCount: w.pendingRequests.length,
        learning: learning.posts.slice(0, 5).map(postSummary),
        learningTotal: learning.total,
        canPost: ctx.learning.canPost(request.actor, networkId),
        proposals: proposals.slice(0, 5).map((p) => ({
          href: `/proposals/${p.proposalId}`,
          title: p.title,
          state: stateLabel(p.state),
        })),
        proposalsTotal: proposals.length,
        canDraft: ctx.proposals.canDraft(request.actor, networkId),
        signedIn: request.actor.kind === "user",
        following:
          request.actor.kind === "user"
            ? ((await ctx.follows.follows(request.actor)).find(
                (f) => f.kind === "network" && f.targetId === networkId,
              ) ?? null)
            : null,
        feed: w.feed.items.map((i) => ({
          summary: i.summary,
          href: i.href,
          at: longDateTime(i.at),
          members: i.visibility === "network",
        })),
        feedTotal: w.feed.total,
        page,
        prevHref: page > 1 ? feedHref(page - 1) : null,
        nextHref: page < w.feed.pages ? feedHref(page + 1) : null,
      });
    });

    const membersPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      networkId: string,
      errors: FieldErrors = {},
      values: Record<string, string> = {},
    ) => {
      const w = await ctx.networkWorkspaces.workspace(request.actor, networkId);
      const names = new Map<string, string>();
      for (const r of w.pendingRequests)
        if (r.orgCode && !names.has(r.orgCode))
          names.set(r.orgCode, (await ctx.directory.organisation(r.orgCode))?.name ?? r.orgCode);
      return formPage(
        reply,
        "networks/members.njk",
        {
          ...workspaceModel(w, networkId),
          title: `Members: ${w.network.name}`,
          requests: w.pendingRequests.map((r) => ({
            ...r,
            orgName: r.orgCode ? names.get(r.orgCode) : null,
            since: longDateTime(r.createdAt),
            action: `/networks/${networkId}/requests/${r.requestId}`,
          })),
          values,
        },
        errors,
      );
    };

    app.get("/networks/:networkId/members", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      return membersPage(request, reply, networkId);
    });

    /** A lead's forms on the members page: add an organisation, invite a person, deputies. */
    app.post("/networks/:networkId/members", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      const f = formFields(request.body, ["action", "orgCode", "email", "userId"]);
      const service = ctx.networkWorkspaces;
      const origin = originOf(request);
      try {
        if (f.action === "add_organisation")
          await service.addOrganisation(request.actor, networkId, f.orgCode, origin);
        else if (f.action === "invite")
          await service.invitePerson(request.actor, networkId, f.email, origin);
        else if (f.action === "deputy" || f.action === "not_deputy") {
          const userId = Number(f.userId);
          await service.setDeputy(
            request.actor,
            networkId,
            Number.isSafeInteger(userId) ? userId : 0,
            f.action === "deputy",
            origin,
          );
        } else {
          reply.status(400);
          return membersPage(request, reply, networkId, { action: "Choose what to do" });
        }
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return membersPage(request, reply, networkId, errors, f);
      }
      return reply.redirect(`/networks/${networkId}/members`, 303);
    });

    app.post("/networks/:networkId/requests/:requestId", async (request, reply) => {
      const { networkId, requestId } = param(requestParams, request.params, "request");
      const f = {
        ...formFields(request.body, ["action"]),
        reason: longField(request.body, "reason", LIMITS.reason),
      };
      const origin = originOf(request);
      try {
        if (f.action === "approve")
          await ctx.networkWorkspaces.approve(request.actor, networkId, requestId, origin);
        else
          await ctx.networkWorkspaces.decline(
            request.actor,
            networkId,
            requestId,
            f.reason,
            origin,
          );
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return membersPage(
          request,
          reply,
          networkId,
          { [`reason-${requestId}`]: errors.reason ?? "Check the form" },
          {},
        );
      }
      return reply.redirect(`/networks/${networkId}/members`, 303);
    });

    const joinPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      networkId: string,
      errors: FieldErrors = {},
      values: Record<string, string> = {},
    ) => {
      const w = await ctx.networkWorkspaces.workspace(request.actor, networkId);
      // Asking to join needs an account: a reader who is not signed in is asked to sign in.
      if (request.actor.kind !== "user") throw new SignInRequiredError();
      const organisations = await Promise.all(
        w.ownOrganisations.map(async (orgCode) => ({
          orgCode,
          name: (await ctx.directory.organisation(orgCode))?.name ?? orgCode,
          member: w.organisations.some((o) => o.orgCode === orgCode),
        })),
      );
      return formPage(
        reply,
        "networks/join.njk",
        {
          ...workspaceModel(w, networkId),
          title: `Ask to join ${w.network.name}`,
          alreadyMember: w.isMember,
          nothingToAsk: !w.canRequest,
          // A first visit: asking to join oneself is the usual request, so it starts ticked.
          fresh: Object.keys(values).length === 0,
          ownOrganisations: organisations,
          values,
        },
        errors,
      );
    };

    app.get("/networks/:networkId/join", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      return joinPage(request, reply, networkId);
    });

    app.post("/networks/:networkId/join", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      const f = {
        ...formFields(request.body, ["asPerson", "orgCode"]),
        message: longField(request.body, "message", LIMITS.message),
      };
      try {
        await ctx.networkWorkspaces.requestToJoin(request.actor, networkId, f, originOf(request));
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return joinPage(request, reply, networkId, errors, f);
      }
      return reply.redirect(links.network(networkId), 303);
    });
  };
