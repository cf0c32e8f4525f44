// What a personal API token may do (src/accounts/policy.ts, ACTION_KINDS): every action of the
// policy is classified below, decided here and not read from the code; an action added to
// ACTIONS without a line here fails the first test. Then every action is asked, as an
// administrator (who passes every rule) through a session, a read_write token and a read token.
import { describe, expect, it } from "vitest";
import { actorLabel, type TokenScope, type UserActor } from "../../src/accounts/actor.js";
import {
  ACTION_KINDS,
  ACTIONS,
  authorize,
  can,
  changingUser,
  type Action,
  type Resource,
} from "../../src/accounts/policy.js";
import { ForbiddenError, SignInRequiredError } from "../../src/errors.js";

// prettier-ignore
const EXPECTED: Record<string, "read" | "write" | "account"> = {
  "public.read":               "read",
  "organisation.read_private": "read",
  "network.read_workspace":    "read",
  "organisation.manage_data":  "write",
  "network.contribute":        "write",
  "network.manage":            "write",
  "guides.author":             "write",
  "guides.feedback":           "write",
  "learning.feature":          "write",
  // A person's own changes (follows, comments, drafts, requests to join): a read token makes none.
  "own.change":                "write",
  "region.read_reports":       "read",
  "region.manage_reports":     "write",
  // People's accounts and access: never through a token.
  "account.use":               "account",
  "users.view":                "account",
  "users.manage":              "account",
  "users.create":              "account",
  "sessions.view":             "account",
  "audit.read":                "account",
  "jobs.view":                 "account",
  "roles.grant":               "account",
  "roles.revoke":              "account",
};

const admin = (scope?: TokenScope): UserActor => ({
  kind: "user",
  userId: 1,
  email: "admin@example.nhs.uk",
  displayName: "Admin",
  grants: [{ role: "national_admin", scope: { kind: "national" } }],
  ...(scope ? { via: { kind: "token", tokenId: 7, scope } } : {}),
});

function resourceFor(action: Action): Resource {
  switch (ACTIONS[action]) {
    case "hub":
      return { kind: "hub" };
    case "organisation":
      return { kind: "organisation", orgCode: "ZZ001" };
    case "network":
      return { kind: "network", networkId: "london-uec" };
    case "region":
      return { kind: "region", regionCode: "Y56" };
    case "user":
      return { kind: "user", userId: 2 };
    case "grant":
      return {
        kind: "grant",
        grant: { role: "organisation_member", scope: { kind: "organisation", orgCode: "ZZ001" } },
        userId: 2,
      };
  }
}

describe("token scope", () => {
  it("classifies every action of the policy, as decided here", () => {
    const actions = Object.keys(ACTIONS).sort();
    const missing = actions.filter((a) => !(a in EXPECTED));
    expect(
      missing,
      `classify these actions here and in ACTION_KINDS: ${missing.join(", ")}`,
    ).toEqual([]);
    expect(Object.keys(EXPECTED).sort()).toEqual(actions);
    expect(ACTION_KINDS).toEqual(EXPECTED);
  });

  for (const action of Object.keys(ACTIONS) as Action[]) {
    const kind = EXPECTED[action];
    it(`${action} (${kind}): a session ${"allows"}, read_write ${kind === "account" ? "refuses" : "allows"}, read ${kind === "read" ? "allows" : "refuses"}`, () => {
      const resource = resourceFor(action);
      expect(can(admin(), action, resource)).toBe(true);
      expect(can(admin("read_write"), action, resource)).toBe(kind !== "account");
      expect(can(admin("read"), action, resource)).toBe(kind === "read");
      if (kind !== "read")
        expect(() => authorize(admin("read"), action, resource)).toThrow(ForbiddenError);
    });
  }

  it("changingUser: the person by session or read_write token; refused through a read token", () => {
    const person: UserActor = { ...admin(), grants: [] };
    expect(changingUser(person)).toBe(person);
    const readWrite: UserActor = { ...admin("read_write"), grants: [] };
    expect(changingUser(readWrite)).toBe(readWrite);
    expect(() => changingUser({ ...admin("read"), grants: [] })).toThrow(ForbiddenError);
    expect(() => changingUser({ kind: "anonymous" })).toThrow(SignInRequiredError);
    // The operator has no account of their own to change.
    expect(() => changingUser({ kind: "operator", label: "root" })).toThrow(SignInRequiredError);
  });

  it("names the token in the audit log's actor", () => {
    expect(actorLabel(admin())).toBe("admin@example.nhs.uk");
    expect(actorLabel(admin("read"))).toBe("admin@example.nhs.uk (API token 7)");
  });
});
