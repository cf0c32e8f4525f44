/**
 * A network's events and meeting notes (issue 17 item 1): title, date (optional time and place),
 * agenda and notes in Markdown, and actions with an owner (a member person or a free-text name),
 * a due date and open/done. Private to the network's members and leads (and national
 * administrators): anyone else is told there is no such event (a 404), so ids cannot be guessed.
 */
import type { Actor } from "../accounts/actor.js";
import { actorUserId } from "../accounts/actor.js";
import type { RequestOrigin } from "../accounts/audit.js";
import { can } from "../accounts/policy.js";
import { InputError, NotFoundError, SignInRequiredError, type InputProblem } from "../errors.js";
import type { WorkspaceDeps } from "./membership.js";
import type { EventFields } from "./store.js";
import { LIMITS, type NetworkEvent, type NetworkEventDetail } from "./types.js";

/** An event as a form gives it. */
export interface EventInput {
  title: string;
  heldOn: string;
  startsAt: string;
  place: string;
  agenda: string;
  notes: string;
}

/** An action as a form gives it: owner by account id ("" for none) or by name. */
export interface ActionInput {
  text: string;
  ownerUserId: string;
  ownerName: string;
  dueOn: string;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDate(d) === text;
}

function limited(
  problems: InputProblem[],
  column: string,
  value: string,
  max: number,
  label: string,
) {
  if (value.length > max)
    problems.push({ column, reason: `${label} must be ${max} characters or fewer` });
}

/** The event's fields, checked; InputError naming each field otherwise. */
function checkEvent(input: EventInput): EventFields {
  const problems: InputProblem[] = [];
  const title = input.title.trim();
  const heldOn = input.heldOn.trim();
  const startsAt = input.startsAt.trim();
  const place = input.place.trim();
  const agenda = input.agenda.replace(/\r\n/g, "\n").trim();
  const notes = input.notes.replace(/\r\n/g, "\n").trim();
  if (title === "") problems.push({ column: "title", reason: "Enter a title" });
  limited(problems, "title", title, LIMITS.title, "The title");
  if (!validDate(heldOn))
    problems.push({
      column: "heldOn",
      value: heldOn,
      reason: "Enter the date as a real date, for example 2026-03-14",
    });
  if (startsAt !== "" && !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(startsAt))
    problems.push({
      column: "startsAt",
      value: startsAt,
      reason: "Enter the time on the 24-hour clock, for example 09:30, or leave it blank",
    });
  limited(problems, "place", place, LIMITS.place, "The place");
  limited(problems, "agenda", agenda, LIMITS.agenda, "The agenda");
  limited(problems, "notes", notes, LIMITS.notes, "The notes");
  if (problems.length) throw new InputError(problems[0]?.reason ?? "Check the event", problems);
  return { title, heldOn, startsAt: startsAt || null, place, agenda, notes };
}

export function createEvents(
  deps: WorkspaceDeps,
  networkOf: (networkId: string) => Promise<unknown>,
) {
  const { store, audit } = deps;
  const resource = (networkId: string) => ({ kind: "network", networkId }) as const;
  const notFound = () => new NotFoundError("There is no such event.");

  /** The network exists and the actor may read its workspace; else sign in, or 404. */
  async function member(actor: Actor, networkId: string) {
    await networkOf(networkId);
    if (can(actor, "network.read_workspace", resource(networkId))) return;
    if (actor.kind === "anonymous") throw new SignInRequiredError();
    throw new NotFoundError("There is no such network workspace you can see.");
  }

  async function eventOf(actor: Actor, networkId: string, eventId: number) {
    await member(actor, networkId);
    const event = await store.event(eventId);
    if (!event || event.networkId !== networkId) throw notFound();
    return event;
  }

  const href = (networkId: string, eventId: number) => `/networks/${networkId}/events/${eventId}`;

  return {
    /** The network's events, split by today: upcoming (soonest first) and past (latest first). */
    async events(
      actor: Actor,
      networkId: string,
    ): Promise<{ upcoming: NetworkEvent[]; past: NetworkEvent[] }> {
      await member(actor, networkId);
      const today = isoDate(deps.now());
      const all = await store.events(networkId);
      return {
        upcoming: all.filter((e) => e.heldOn >= today),
        past: all.filter((e) => e.heldOn < today).reverse(),
      };
    },

    event: (actor: Actor, networkId: string, eventId: number): Promise<NetworkEventDetail> =>
      eventOf(actor, networkId, eventId),

    async createEvent(
      actor: Actor,
      networkId: string,
      input: EventInput,
      origin?: RequestOrigin,
    ): Promise<number> {
      await member(actor, networkId);
      if (!can(actor, "network.contribute", resource(networkId))) throw notFound();
      const fields = checkEvent(input);
      const eventId = await store.insertEvent(networkId, fields, actorUserId(actor));
      await audit(
        actor,
        {
          action: "network.event_created",
          target: { kind: "network_event", ref: String(eventId) },
          networkId,
        },
        origin,
      );
      await deps.activity.record({
        networkId,
        kind: "event.created",
        summary: `${actor.kind === "user" ? actor.displayName : "An administrator"} added an event: ${fields.title} (${fields.heldOn}).`,
        href: href(networkId, eventId),
        actorUserId: actorUserId(actor),
        visibility: "network",
      });
      return eventId;
    },

    async updateEvent(
      actor: Actor,
      networkId: string,
      eventId: number,
      input: EventInput,
      origin?: RequestOrigin,
    ) {
      await eventOf(actor, networkId, eventId);
      if (!can(actor, "network.contribute", resource(networkId))) throw notFound();
      const fields = checkEvent(input);
      await store.updateEvent(eventId, fields, deps.now());
      await audit(
        actor,
        {
          action: "network.event_updated",
          target: { kind: "network_event", ref: String(eventId) },
          networkId,
        },
        origin,
      );
    },

    async addAction(
      actor: Actor,
      networkId: string,
      eventId: number,
      input: ActionInput,
      origin?: RequestOrigin,
    ): Promise<number> {
      const event = await eventOf(actor, networkId, eventId);
      if (!can(actor, "network.contribute", resource(networkId))) throw notFound();
      const problems: InputProblem[] = [];
      const actionText = input.text.trim();
      if (actionText === "") problems.push({ column: "text", reason: "Enter the action" });
      limited(problems, "text", actionText, LIMITS.actionText, "The action");
      let ownerUserId: number | null = null;
      let ownerName = input.ownerName.trim();
      if (input.ownerUserId.trim() !== "") {
        const id = Number(input.ownerUserId);
        const person = Number.isSafeInteger(id)
          ? (await store.people(networkId)).find((p) => p.userId === id)
          : undefined;
        if (!person)
          problems.push({
            column: "ownerUserId",
            value: input.ownerUserId,
            reason: "Choose a member of the network, or write the owner's name",
          });
        else {
          ownerUserId = person.userId;
          ownerName = person.displayName;
        }
      } else if (ownerName === "")
        problems.push({
          column: "ownerName",
          reason: "Choose a member of the network as the owner, or write the owner's name",
        });
      limited(problems, "ownerName", ownerName, LIMITS.ownerName, "The owner's name");
      const dueOn = input.dueOn.trim();
      if (dueOn !== "" && !validDate(dueOn))
        problems.push({
          column: "dueOn",
          value: dueOn,
          reason: "Enter the due date as a real date, for example 2026-04-01, or leave it blank",
        });
      if (problems.length)
        throw new InputError(problems[0]?.reason ?? "Check the action", problems);
      const actionId = await store.insertAction({
        eventId,
        text: actionText,
        ownerUserId,
        ownerName,
        dueOn: dueOn || null,
      });
      await audit(
        actor,
        {
          action: "network.action_added",
          target: { kind: "network_action", ref: String(actionId) },
          networkId,
          details: { eventId },
        },
        origin,
      );
      await deps.activity.record({
        networkId,
        kind: "action.added",
        summary: `Action for ${ownerName} from ${event.title}: ${actionText}`,
        href: href(networkId, eventId),
        actorUserId: actorUserId(actor),
        visibility: "network",
      });
      return actionId;
    },

    /** Marks an action done (or open again). */
    async setActionDone(
      actor: Actor,
      networkId: string,
      eventId: number,
      actionId: number,
      done: boolean,
      origin?: RequestOrigin,
    ) {
      const event = await eventOf(actor, networkId, eventId);
      if (!can(actor, "network.contribute", resource(networkId))) throw notFound();
      const action = event.actions.find((a) => a.actionId === actionId);
      if (!action) throw new NotFoundError("There is no such action.");
      if ((action.doneAt !== null) === done) return;
      await store.setActionDone(
        actionId,
        done ? deps.now() : null,
        done ? actorUserId(actor) : null,
      );
      await audit(
        actor,
        {
          action: done ? "network.action_done" : "network.action_reopened",
          target: { kind: "network_action", ref: String(actionId) },
          networkId,
          details: { eventId },
        },
        origin,
      );
      if (done)
        await deps.activity.record({
          networkId,
          kind: "action.done",
          summary: `Done: ${action.text} (${action.ownerName})`,
          href: href(networkId, eventId),
          actorUserId: actorUserId(actor),
          visibility: "network",
        });
    },
  };
}
