/**
 * A network's events and meeting notes (issue 17 item 1): `/networks/:networkId/events` (list),
 * `…/events/new`, `…/events/:eventId` (agenda, notes, actions), `…/events/:eventId/edit`, and the
 * actions' forms. Private to the network's members and leads: the service answers 404 to anyone
 * else (a reader who is not signed in is asked to sign in). Agenda and notes are Markdown, shown
 * through the `markdown` filter only. Plain forms, POST-redirect-GET, no script.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../../../accounts/actor.js";
import type { EventInput } from "../../../networks/events.js";
import type { NetworkEventDetail } from "../../../networks/types.js";
import type { AppContext } from "../../context.js";
import { fieldErrorsOf, formFields, formPage, originOf, type FieldErrors } from "../../forms.js";
import * as links from "../../links.js";
import { longDate, longDateTime, param } from "../../present.js";
import { LIMITS } from "../../../networks/types.js";
import { actionParams, eventParams, longField, networkParams } from "./params.js";

const EVENT_FIELDS = ["title", "heldOn", "startsAt", "place", "agenda", "notes"] as const;

/** The event form's fields; agenda and notes may be longer than formFields keeps. */
function eventInput(body: unknown): EventInput {
  const f = formFields(body, EVENT_FIELDS);
  return {
    ...f,
    agenda: longField(body, "agenda", LIMITS.agenda),
    notes: longField(body, "notes", LIMITS.notes),
  };
}

const eventPath = (networkId: string, eventId: number) =>
  `/networks/${networkId}/events/${eventId}`;

export const eventRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const networkName = async (networkId: string) =>
      (await ctx.networkWorkspaces.networkOf(networkId)).name;

    app.get("/networks/:networkId/events", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      const { upcoming, past } = await ctx.networkWorkspaces.events(request.actor, networkId);
      const row = (e: (typeof upcoming)[number]) => ({
        title: e.title,
        href: eventPath(networkId, e.eventId),
        when: `${longDate(e.heldOn)}${e.startsAt ? ` at ${e.startsAt}` : ""}`,
        place: e.place,
        hasNotes: e.notes !== "",
      });
      return formPage(reply, "networks/events.njk", {
        title: `Events: ${await networkName(networkId)}`,
        networkName: await networkName(networkId),
        networkId,
        workspaceHref: links.network(networkId),
        upcoming: upcoming.map(row),
        past: past.map(row),
      });
    });

    const editPage = async (
      reply: FastifyReply,
      networkId: string,
      event: NetworkEventDetail | null,
      values: Partial<EventInput>,
      errors: FieldErrors = {},
    ) =>
      formPage(
        reply,
        "networks/event-form.njk",
        {
          title: event ? `Edit: ${event.title}` : "Add an event",
          networkName: await networkName(networkId),
          networkId,
          workspaceHref: links.network(networkId),
          event,
          action: event
            ? `${eventPath(networkId, event.eventId)}/edit`
            : `/networks/${networkId}/events/new`,
          values,
        },
        errors,
      );

    app.get("/networks/:networkId/events/new", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      await ctx.networkWorkspaces.events(request.actor, networkId);
      return editPage(reply, networkId, null, {});
    });

    app.post("/networks/:networkId/events/new", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      const input = eventInput(request.body);
      try {
        const eventId = await ctx.networkWorkspaces.createEvent(
          request.actor,
          networkId,
          input,
          originOf(request),
        );
        return reply.redirect(eventPath(networkId, eventId), 303);
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return editPage(reply, networkId, null, input, errors);
      }
    });

    const eventPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      networkId: string,
      eventId: number,
      errors: FieldErrors = {},
      values: Record<string, string> = {},
    ) => {
      const actor: Actor = request.actor;
      const event = await ctx.networkWorkspaces.event(actor, networkId, eventId);
      const w = await ctx.networkWorkspaces.workspace(actor, networkId);
      return formPage(
        reply,
        "networks/event.njk",
        {
          title: event.title,
          networkName: w.network.name,
          networkId,
          workspaceHref: links.network(networkId),
          event,
          path: eventPath(networkId, eventId),
          when: `${longDate(event.heldOn)}${event.startsAt ? ` at ${event.startsAt}` : ""}`,
          updated: longDateTime(event.updatedAt),
          actions: event.actions.map((a) => ({
            ...a,
            due: a.dueOn ? longDate(a.dueOn) : "",
            done: a.doneAt ? longDateTime(a.doneAt) : "",
            path: `${eventPath(networkId, eventId)}/actions/${a.actionId}`,
          })),
          owners: [
            { value: "", text: "Someone else (write their name)" },
            ...[...w.leads, ...w.people].map((p) => ({
              value: String(p.userId),
              text: p.displayName,
              selected: values.ownerUserId === String(p.userId),
            })),
          ],
          values,
        },
        errors,
      );
    };

    app.get("/networks/:networkId/events/:eventId", async (request, reply) => {
      const { networkId, eventId } = param(eventParams, request.params, "event");
      return eventPage(request, reply, networkId, eventId);
    });

    app.get("/networks/:networkId/events/:eventId/edit", async (request, reply) => {
      const { networkId, eventId } = param(eventParams, request.params, "event");
      const event = await ctx.networkWorkspaces.event(request.actor, networkId, eventId);
      return editPage(reply, networkId, event, { ...event, startsAt: event.startsAt ?? "" });
    });

    app.post("/networks/:networkId/events/:eventId/edit", async (request, reply) => {
      const { networkId, eventId } = param(eventParams, request.params, "event");
      const event = await ctx.networkWorkspaces.event(request.actor, networkId, eventId);
      const input = eventInput(request.body);
      try {
        await ctx.networkWorkspaces.updateEvent(
          request.actor,
          networkId,
          eventId,
          input,
          originOf(request),
        );
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return editPage(reply, networkId, event, input, errors);
      }
      return reply.redirect(eventPath(networkId, eventId), 303);
    });

    app.post("/networks/:networkId/events/:eventId/actions", async (request, reply) => {
      const { networkId, eventId } = param(eventParams, request.params, "event");
      const f = {
        ...formFields(request.body, ["ownerUserId", "ownerName", "dueOn"]),
        text: longField(request.body, "text", LIMITS.actionText),
      };
      try {
        await ctx.networkWorkspaces.addAction(
          request.actor,
          networkId,
          eventId,
          f,
          originOf(request),
        );
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return eventPage(request, reply, networkId, eventId, errors, f);
      }
      return reply.redirect(`${eventPath(networkId, eventId)}#actions`, 303);
    });

    app.post("/networks/:networkId/events/:eventId/actions/:actionId", async (request, reply) => {
      const { networkId, eventId, actionId } = param(actionParams, request.params, "action");
      const f = formFields(request.body, ["done"]);
      await ctx.networkWorkspaces.setActionDone(
        request.actor,
        networkId,
        eventId,
        actionId,
        f.done === "yes",
        originOf(request),
      );
      return reply.redirect(`${eventPath(networkId, eventId)}#actions`, 303);
    });
  };
