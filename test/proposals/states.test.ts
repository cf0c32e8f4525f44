/**
 * The proposal state machine: every transition from every state for every kind of reader,
 * against a table written out by hand (not derived from the code under test).
 */
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/accounts/actor.js";
import {
  capacitiesOf,
  mayComment,
  mayEdit,
  mayRead,
  mayTransition,
  NOBODY,
  STATES,
  TRANSITION_NAMES,
  type Capacities,
  type ProposalState,
  type Transition,
} from "../../src/proposals/states.js";

const ROLE_CASES = {
  anonymous: NOBODY,
  stranger: NOBODY,
  member: { ...NOBODY, member: true },
  lead: { ...NOBODY, lead: true },
  reviewer: { ...NOBODY, reviewer: true },
  reviewerWhoLeads: { ...NOBODY, reviewer: true, lead: true },
  admin: { ...NOBODY, admin: true },
  adminWhoLeads: { ...NOBODY, admin: true, lead: true },
} satisfies Record<string, Capacities>;
type RoleCase = keyof typeof ROLE_CASES;
const ROLE_NAMES = Object.keys(ROLE_CASES) as RoleCase[];

/** Written out by hand: the only (state, transition) pairs that exist, and who may take them. */
const ALLOWED: Record<string, RoleCase[]> = {
  "draft submit": ["lead", "reviewerWhoLeads", "adminWhoLeads"],
  "submitted start_review": ["reviewer", "admin"],
  "submitted send_back": ["reviewer", "admin"],
  "in_review send_back": ["reviewer", "admin"],
  "in_review approve": ["reviewer", "admin"],
  "in_review decline": ["reviewer", "admin"],
  "approved start": ["lead", "reviewerWhoLeads", "adminWhoLeads"],
  "running evaluate": ["lead", "reviewerWhoLeads", "adminWhoLeads"],
  "evaluated close": ["lead", "reviewerWhoLeads", "admin", "adminWhoLeads"],
  "declined close": ["lead", "reviewerWhoLeads", "admin", "adminWhoLeads"],
};

const rows: [ProposalState, Transition, RoleCase, boolean][] = [];
for (const state of STATES)
  for (const transition of TRANSITION_NAMES)
    for (const role of ROLE_NAMES)
      rows.push([
        state,
        transition,
        role,
        (ALLOWED[`${state} ${transition}`] ?? []).includes(role),
      ]);

describe("proposal transitions", () => {
  it("has a row for every state × transition × role", () => {
    expect(rows).toHaveLength(8 * 8 * 8);
    expect(rows.filter((r) => r[3])).toHaveLength(
      Object.values(ALLOWED).reduce((n, who) => n + who.length, 0),
    );
  });

  it.each(rows)("%s → %s by %s: allowed %s", (state, transition, role, allowed) => {
    expect(mayTransition(state, transition, ROLE_CASES[role])).toBe(allowed);
  });
});

describe("reading, editing and commenting", () => {
  const READ: Record<ProposalState, RoleCase[]> = {
    draft: ["member", "lead", "reviewerWhoLeads", "admin", "adminWhoLeads"],
    submitted: ["member", "lead", "reviewer", "reviewerWhoLeads", "admin", "adminWhoLeads"],
    in_review: ["member", "lead", "reviewer", "reviewerWhoLeads", "admin", "adminWhoLeads"],
    declined: ["member", "lead", "reviewer", "reviewerWhoLeads", "admin", "adminWhoLeads"],
    approved: ROLE_NAMES,
    running: ROLE_NAMES,
    evaluated: ROLE_NAMES,
    closed: ROLE_NAMES,
  };
  it.each(STATES.flatMap((s) => ROLE_NAMES.map((r) => [s, r] as const)))(
    "%s read by %s",
    (state, role) => {
      expect(mayRead(state, ROLE_CASES[role])).toBe(READ[state].includes(role));
    },
  );

  it("only leads edit, and only drafts", () => {
    for (const state of STATES)
      for (const role of ROLE_NAMES)
        expect(mayEdit(state, ROLE_CASES[role]), `${state} ${role}`).toBe(
          state === "draft" && ["lead", "reviewerWhoLeads", "adminWhoLeads"].includes(role),
        );
  });

  it("reviewers and the network's leads comment during review only", () => {
    const commenters = ["lead", "reviewer", "reviewerWhoLeads", "admin", "adminWhoLeads"];
    for (const state of STATES)
      for (const role of ROLE_NAMES)
        expect(mayComment(state, ROLE_CASES[role]), `${state} ${role}`).toBe(
          (state === "submitted" || state === "in_review") && commenters.includes(role),
        );
  });
});

describe("capacitiesOf", () => {
  const user = (grants: Extract<Actor, { kind: "user" }>["grants"]): Actor => ({
    kind: "user",
    userId: 1,
    email: "a@example.nhs.uk",
    displayName: "A",
    grants,
  });

  it("reads the grants over the proposal's network only", () => {
    const lead = user([{ role: "network_lead", scope: { kind: "network", networkId: "n1" } }]);
    expect(capacitiesOf(lead, "n1")).toEqual({ ...NOBODY, lead: true });
    expect(capacitiesOf(lead, "n2")).toEqual(NOBODY);
    const member = user([{ role: "network_member", scope: { kind: "network", networkId: "n1" } }]);
    expect(capacitiesOf(member, "n1")).toEqual({ ...NOBODY, member: true });
    const reviewer = user([{ role: "proposal_reviewer", scope: { kind: "national" } }]);
    expect(capacitiesOf(reviewer, "n1")).toEqual({ ...NOBODY, reviewer: true });
    const admin = user([{ role: "national_admin", scope: { kind: "national" } }]);
    expect(capacitiesOf(admin, "n1")).toEqual({ ...NOBODY, admin: true });
    expect(capacitiesOf({ kind: "anonymous" }, "n1")).toEqual(NOBODY);
    expect(capacitiesOf({ kind: "operator", label: "root" }, "n1")).toEqual({
      ...NOBODY,
      admin: true,
    });
  });
});
