/**
 * The authorisation matrix of the policy (src/accounts/policy.ts): every action × every actor
 * case × the resources it is asked about, with the expected answer written out below (decided
 * here, not computed by the code under test). An action added to ACTIONS, or a role added to
 * ROLES, without rows here fails the first test with the rows to add.
 *
 * A row: `"<action> <resource>": "<13 answers>"`, one per actor case in the column order of the
 * header comment, `Y` for allow and `-` for deny. Resources: `hub`; `org A`, `org B`;
 * `network N`, `network M`; `region R`; `self`, `other user`; and for grants
 * `<role>[ A|B|N|M] for other|self|invitee` (the grant of that role in that scope, to another
 * person, to the actor themself, or by invitation to someone without an account yet).
 * The operator (the command line) has no account: its `self` is an account that is not its own.
 */
import { describe, expect, it } from "vitest";
import { anonymous, type Actor } from "../../src/accounts/actor.js";
import { ACTIONS, authorize, can, type Action, type Resource } from "../../src/accounts/policy.js";
import { ROLES, scopeKindOf, type Grant, type Role } from "../../src/accounts/roles.js";
import { ForbiddenError, SignInRequiredError } from "../../src/errors.js";
import { caseGrants, USER_CASES, type UserCase } from "../support/actor-cases.js";

const CASES = ["anonymous", ...USER_CASES, "operator"] as const;
type Case = (typeof CASES)[number];

// prettier-ignore
const MATRIX: Record<string, string> = {
  //                                              anon none oMA oAA oMB oAB nMN nLN nMM nLM gAu pRv nAd op
  "public.read hub":                              "Y    Y    Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y",
  "account.use hub":                              "-    Y    Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y",
  "users.view hub":                               "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "users.create hub":                             "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "users.manage self":                            "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "users.manage other user":                      "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "sessions.view hub":                            "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "audit.read hub":                               "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "jobs.view hub":                                "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "organisation.read_private org A":              "-    -    Y   Y   -   -   -   -   -   -   -   -   Y   Y",
  "organisation.read_private org B":              "-    -    -   -   Y   Y   -   -   -   -   -   -   Y   Y",
  "organisation.manage_data org A":               "-    -    -   Y   -   -   -   -   -   -   -   -   Y   Y",
  "organisation.manage_data org B":               "-    -    -   -   -   Y   -   -   -   -   -   -   Y   Y",
  "network.read_workspace network N":             "-    -    -   -   -   -   Y   Y   -   -   -   -   Y   Y",
  "network.read_workspace network M":             "-    -    -   -   -   -   -   -   Y   Y   -   -   Y   Y",
  "network.contribute network N":                 "-    -    -   -   -   -   Y   Y   -   -   -   -   Y   Y",
  "network.contribute network M":                 "-    -    -   -   -   -   -   -   Y   Y   -   -   Y   Y",
  "network.manage network N":                     "-    -    -   -   -   -   -   Y   -   -   -   -   Y   Y",
  "network.manage network M":                     "-    -    -   -   -   -   -   -   -   Y   -   -   Y   Y",
  "guides.author hub":                            "-    -    -   -   -   -   -   -   -   -   Y   -   Y   Y",
  "guides.feedback org A":                        "-    -    Y   Y   -   -   -   -   -   -   -   -   Y   Y",
  "guides.feedback org B":                        "-    -    -   -   Y   Y   -   -   -   -   -   -   Y   Y",
  "learning.feature hub":                         "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "own.change hub":                               "-    Y    Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y",
  "region.read_reports region R":                 "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "region.manage_reports region R":               "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",

  // Granting: administrators grant anything to anyone but themselves; one step down in scope
  // (an organisation's analyst grants its membership, a network's lead its membership); nobody
  // grants their own roles, not even an administrator (only the operator, who has no account).
  //                                              anon none oMA oAA oMB oAB nMN nLN nMM nLM gAu pRv nAd op
  "roles.grant organisation_member A for other":  "-    -    -   Y   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant organisation_member A for invitee":"-    -    -   Y   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant organisation_member A for self":   "-    -    -   -   -   -   -   -   -   -   -   -   -   Y",
  "roles.grant organisation_member B for other":  "-    -    -   -   -   Y   -   -   -   -   -   -   Y   Y",
  "roles.grant organisation_analyst A for other": "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant organisation_analyst A for invitee":"-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant organisation_analyst A for self":  "-    -    -   -   -   -   -   -   -   -   -   -   -   Y",
  "roles.grant network_member N for other":       "-    -    -   -   -   -   -   Y   -   -   -   -   Y   Y",
  "roles.grant network_member N for invitee":     "-    -    -   -   -   -   -   Y   -   -   -   -   Y   Y",
  "roles.grant network_member N for self":        "-    -    -   -   -   -   -   -   -   -   -   -   -   Y",
  "roles.grant network_member M for other":       "-    -    -   -   -   -   -   -   -   Y   -   -   Y   Y",
  "roles.grant network_lead N for other":         "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant network_lead N for invitee":       "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant network_lead N for self":          "-    -    -   -   -   -   -   -   -   -   -   -   -   Y",
  "roles.grant guide_author for other":           "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant proposal_reviewer for other":      "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant guide_author for invitee":         "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant proposal_reviewer for invitee":    "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant guide_author for self":            "-    -    -   -   -   -   -   -   -   -   -   -   -   Y",
  "roles.grant proposal_reviewer for self":       "-    -    -   -   -   -   -   -   -   -   -   -   -   Y",
  "roles.grant national_admin for other":         "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant national_admin for invitee":       "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.grant national_admin for self":          "-    -    -   -   -   -   -   -   -   -   -   -   -   Y",

  // Taking a role away: whoever may grant it may take it away, and stepping down from a role
  // is allowed where taking it from someone else is (the service keeps one administrator).
  //                                              anon none oMA oAA oMB oAB nMN nLN nMM nLM gAu pRv nAd op
  "roles.revoke organisation_member A for other": "-    -    -   Y   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke organisation_member A for self":  "-    -    -   Y   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke organisation_member B for other": "-    -    -   -   -   Y   -   -   -   -   -   -   Y   Y",
  "roles.revoke organisation_analyst A for other":"-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke organisation_analyst A for self": "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke network_member N for other":      "-    -    -   -   -   -   -   Y   -   -   -   -   Y   Y",
  "roles.revoke network_member N for self":       "-    -    -   -   -   -   -   Y   -   -   -   -   Y   Y",
  "roles.revoke network_member M for other":      "-    -    -   -   -   -   -   -   -   Y   -   -   Y   Y",
  "roles.revoke network_lead N for other":        "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke network_lead N for self":         "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke guide_author for other":          "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke proposal_reviewer for other":     "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke guide_author for self":           "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke proposal_reviewer for self":      "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke national_admin for other":        "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
  "roles.revoke national_admin for self":         "-    -    -   -   -   -   -   -   -   -   -   -   Y   Y",
};

const SCOPES = { orgA: "RAA", orgB: "RBB", networkN: "net-n", networkM: "net-m" };
const OTHER_USER = 9_999;

const grantsByCase = caseGrants(SCOPES);
const actors: Record<Case, Actor> = {
  anonymous,
  operator: { kind: "operator", label: "tester" },
  ...(Object.fromEntries(
    USER_CASES.map((name, i): [UserCase, Actor] => [
      name,
      {
        kind: "user",
        userId: i + 1,
        email: `${name}@example.nhs.uk`,
        displayName: name,
        grants: grantsByCase[name],
      },
    ]),
  ) as Record<UserCase, Actor>),
};

const userIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : 0);

/** The grant a row names: `network_member N`, `guide_author`. */
function grantNamed(words: string[]): Grant | undefined {
  const [role, where] = words;
  if (!ROLES.includes(role as Role)) return undefined;
  const kind = scopeKindOf(role as Role);
  const ref = { A: SCOPES.orgA, B: SCOPES.orgB, N: SCOPES.networkN, M: SCOPES.networkM };
  if (kind === "national")
    return where === undefined ? { role: role as Role, scope: { kind } } : undefined;
  if (kind === "organisation" && (where === "A" || where === "B"))
    return { role: role as Role, scope: { kind, orgCode: ref[where] } };
  if (kind === "network" && (where === "N" || where === "M"))
    return { role: role as Role, scope: { kind, networkId: ref[where] } };
  return undefined;
}

/** The resource a row names, as asked by `actor`; undefined when the name is not one. */
function resourceNamed(label: string, actor: Actor): Resource | undefined {
  switch (label) {
    case "hub":
      return { kind: "hub" };
    case "org A":
      return { kind: "organisation", orgCode: SCOPES.orgA };
    case "org B":
      return { kind: "organisation", orgCode: SCOPES.orgB };
    case "network N":
      return { kind: "network", networkId: SCOPES.networkN };
    case "network M":
      return { kind: "network", networkId: SCOPES.networkM };
    case "region R":
      return { kind: "region", regionCode: "Y56" };
    case "self":
      return { kind: "user", userId: userIdOf(actor) };
    case "other user":
      return { kind: "user", userId: OTHER_USER };
  }
  const m = /^(.+) for (other|self|invitee)$/.exec(label);
  const grant = m && grantNamed(m[1]!.split(" "));
  if (!m || !grant) return undefined;
  const userId = { other: OTHER_USER, self: userIdOf(actor), invitee: null }[m[2]!];
  return { kind: "grant", grant, userId: userId ?? null };
}

/** The resources every action of a kind must have a row for. */
function requiredLabels(action: Action): string[] {
  switch (ACTIONS[action]) {
    case "hub":
      return ["hub"];
    case "organisation":
      return ["org A", "org B"];
    case "network":
      return ["network N", "network M"];
    case "region":
      return ["region R"];
    case "user":
      return ["self", "other user"];
    case "grant":
      return ROLES.flatMap((role) => {
        const where = { organisation: " A", network: " N", national: "" }[scopeKindOf(role)];
        const whom = action === "roles.grant" ? ["other", "invitee", "self"] : ["other", "self"];
        return whom.map((w) => `${role}${where} for ${w}`);
      });
  }
}

function parseRow(key: string): { action: Action; label: string } | undefined {
  const space = key.indexOf(" ");
  const action = key.slice(0, space);
  if (space < 0 || !(action in ACTIONS)) return undefined;
  return { action: action as Action, label: key.slice(space + 1) };
}

const rows = Object.entries(MATRIX).flatMap(([key, answers]) => {
  const row = parseRow(key);
  return row ? [{ key, ...row, answers: answers.trim().split(/\s+/) }] : [];
});

describe("the policy matrix", () => {
  it("has a row for every action, resource and role, and a column for every actor case", () => {
    const problems: string[] = [];
    for (const role of ROLES)
      if (!USER_CASES.some((c) => grantsByCase[c].some((g) => g.role === role)))
        problems.push(
          `role ${role} has no actor case: add one to test/support/actor-cases.ts and a column to both matrices`,
        );
    for (const action of Object.keys(ACTIONS) as Action[])
      for (const label of requiredLabels(action))
        if (!(`${action} ${label}` in MATRIX))
          problems.push(
            `action ${action} has no row for "${action} ${label}" in the policy matrix: add one (test/accounts/policy-matrix.test.ts)`,
          );
    for (const [key, answers] of Object.entries(MATRIX)) {
      const row = parseRow(key);
      const cells = answers.trim().split(/\s+/);
      if (!row || !resourceNamed(row.label, anonymous))
        problems.push(`row "${key}" names no action and resource the policy knows: fix it`);
      else if (ACTIONS[row.action] !== resourceNamed(row.label, anonymous)!.kind)
        problems.push(`row "${key}": ${row.action} is asked about a ${ACTIONS[row.action]}`);
      if (cells.length !== CASES.length || cells.some((c) => c !== "Y" && c !== "-"))
        problems.push(
          `row "${key}" needs ${CASES.length} answers (Y or -), one per actor case: ${CASES.join(", ")}`,
        );
    }
    expect(problems).toEqual([]);
  });

  it("answers every cell as the table says", () => {
    const wrong: string[] = [];
    for (const row of rows)
      CASES.forEach((name, i) => {
        const actor = actors[name];
        const resource = resourceNamed(row.label, actor);
        if (!resource) return;
        const expected = row.answers[i] === "Y";
        if (can(actor, row.action, resource) !== expected)
          wrong.push(`${row.key} × ${name}: expected ${expected ? "allow" : "deny"}`);
      });
    expect(wrong).toEqual([]);
  });

  it("authorize refuses the way pages need: sign in for a reader, forbidden for a person", () => {
    for (const row of rows)
      CASES.forEach((name, i) => {
        const actor = actors[name];
        const resource = resourceNamed(row.label, actor)!;
        const run = () => authorize(actor, row.action, resource);
        if (row.answers[i] === "Y") expect(run, `${row.key} × ${name}`).not.toThrow();
        else
          expect(run, `${row.key} × ${name}`).toThrow(
            name === "anonymous" ? SignInRequiredError : ForbiddenError,
          );
      });
  });

  it("refuses an action asked about the wrong kind of resource, even for the operator", () => {
    const org: Resource = { kind: "organisation", orgCode: SCOPES.orgA };
    expect(can(actors.operator, "users.view", org)).toBe(false);
    expect(can(actors.national_admin, "organisation.read_private", { kind: "hub" })).toBe(false);
    expect(can(actors.org_member_A, "network.read_workspace", org)).toBe(false);
  });

  it("self-grant and delegation, in words", () => {
    const admin = actors.national_admin;
    const lead = actors.network_lead_N;
    const grant = (g: Grant, userId: number | null): Resource => ({
      kind: "grant",
      grant: g,
      userId,
    });
    const memberOf = (networkId: string): Grant => ({
      role: "network_member",
      scope: { kind: "network", networkId },
    });
    // A national administrator granting themselves a role: refused.
    expect(
      can(
        admin,
        "roles.grant",
        grant({ role: "guide_author", scope: { kind: "national" } }, userIdOf(admin)),
      ),
    ).toBe(false);
    // A lead grants membership of their network, not of another, and not leadership.
    expect(can(lead, "roles.grant", grant(memberOf(SCOPES.networkN), OTHER_USER))).toBe(true);
    expect(can(lead, "roles.grant", grant(memberOf(SCOPES.networkM), OTHER_USER))).toBe(false);
    expect(
      can(
        lead,
        "roles.grant",
        grant({ role: "network_lead", scope: { kind: "network", networkId: SCOPES.networkN } }, 42),
      ),
    ).toBe(false);
  });
});
