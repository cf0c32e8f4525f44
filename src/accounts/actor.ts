/**
 * Who is asking: every service method that reads private data or changes anything takes an
 * `Actor` and asks the policy (./policy.ts) before it does.
 */
import type { Grant } from "./roles.js";

/** A reader who has not signed in: public data only. */
export interface AnonymousActor {
  kind: "anonymous";
}

/**
 * What a personal API token lets its holder do (./api-tokens.ts): `read` only reads, whatever
 * the owner may change; `read_write` carries the owner's permissions, but never their account
 * (./policy.ts, `ACTION_KINDS`).
 */
export type TokenScope = "read" | "read_write";

/** A signed-in person, with their grants as they stand now (read per request). */
export interface UserActor {
  kind: "user";
  userId: number;
  email: string;
  displayName: string;
  grants: readonly Grant[];
  /**
   * Present when the person is acting through a personal API token rather than a session: the
   * policy then narrows what they may do to the token's scope.
   */
  via?: { kind: "token"; tokenId: number; scope: TokenScope };
}

/**
 * Someone at the server's command line (`improve users …`): whoever can run the CLI can already
 * read the database, so the operator may do what a national administrator may, and is audited
 * under their system user name.
 */
export interface OperatorActor {
  kind: "operator";
  label: string;
}

export type Actor = AnonymousActor | UserActor | OperatorActor;

export const anonymous: AnonymousActor = { kind: "anonymous" };

/** How the audit log names the actor. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "anonymous":
      return "anonymous";
    case "user":
      return actor.via ? `${actor.email} (API token ${actor.via.tokenId})` : actor.email;
    case "operator":
      return `operator ${actor.label}`;
  }
}

export function actorUserId(actor: Actor): number | null {
  return actor.kind === "user" ? actor.userId : null;
}
