/**
 * Follows and notifications pages (issue 17 item 3; docs/networks.md "Following and
 * notifications"): the reader's notifications with what they follow at /notifications, and the
 * small follow form the network workspace shows. Personal pages (never cached); plain forms,
 * POST-redirect-GET, no script.
 */
import type { FastifyPluginAsync } from "fastify";
import { requireUser } from "../../../accounts/policy.js";
import { networks } from "../../../metrics/networks.js";
import type { AppContext } from "../../context.js";
import { fieldErrorsOf, formFields, formPage } from "../../forms.js";
import { longDateTime } from "../../present.js";

const NOTIFICATIONS = "/notifications";

/** Where to go back to after following: a site-relative path only, never another site. */
function backTo(returnTo: string | undefined): string {
  return returnTo && /^\/(?!\/)[A-Za-z0-9/_:.?=&%+-]*$/.test(returnTo) ? returnTo : NOTIFICATIONS;
}

const networkName = (networkId: string) =>
  networks.find((n) => n.id === networkId)?.name ?? networkId;

export const followRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get(NOTIFICATIONS, async (request, reply) => {
      requireUser(request.actor);
      const [notifications, follows] = await Promise.all([
        ctx.follows.notifications(request.actor),
        ctx.follows.follows(request.actor),
      ]);
      return formPage(reply, "follows/notifications.njk", {
        title: "Notifications",
        notifications: notifications.map((n) => ({
          ...n,
          when: longDateTime(n.createdAt),
          unread: n.readAt === null,
        })),
        unread: notifications.filter((n) => n.readAt === null).length,
        follows: follows.map((f) => ({
          ...f,
          label: f.kind === "network" ? networkName(f.targetId) : `Topic: ${f.targetId}`,
        })),
      });
    });

    /** Marks one notification read (`notificationId`), or all of them. */
    app.post(`${NOTIFICATIONS}/read`, async (request, reply) => {
      const f = formFields(request.body, ["notificationId"]);
      const id = f.notificationId ? Number(f.notificationId) : null;
      await ctx.follows.markRead(
        request.actor,
        id === null ? null : Number.isSafeInteger(id) ? id : 0,
      );
      return reply.redirect(NOTIFICATIONS, 303);
    });

    /** Follow (with or without email) or unfollow a network or a topic, then back. */
    app.post("/follows", async (request, reply) => {
      const f = formFields(request.body, ["action", "kind", "targetId", "email", "returnTo"]);
      try {
        if (f.action === "unfollow") await ctx.follows.unfollow(request.actor, f.kind, f.targetId);
        else await ctx.follows.follow(request.actor, f.kind, f.targetId, f.email === "yes");
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return formPage(reply, "follows/problem.njk", { title: "Could not follow" }, errors);
      }
      return reply.redirect(backTo(f.returnTo), 303);
    });
  };
