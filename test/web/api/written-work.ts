/**
 * What people write, for the API tests: people with grants in london-uec (a lead, a member of
 * the network and of its first acute trust, a reviewer, an administrator, a stranger), learning
 * posts (public and published, network-only and published, a draft) and proposals (a draft, an
 * approved one, an evaluated one), made through the services as the pages make them.
 */
import type { UserActor } from "../../../src/accounts/actor.js";
import type { Grant } from "../../../src/accounts/roles.js";
import { createAccountStore } from "../../../src/storage/accounts-store.js";
import { composeServices } from "../../../src/web/compose.js";
import type { TestDatabase } from "../../support/db.js";
import { guideFixture } from "../../support/guide-fixture.js";

export const N = "london-uec";
/** After the proposals' follow-up ends (2025-12), so one can be evaluated. */
export const NOW = new Date("2026-03-10T09:00:00Z");

export interface WrittenWork {
  people: Map<string, UserActor>;
  /** Acute trusts' codes, in the directory's order. */
  orgs: string[];
  ids: {
    publicPost: number;
    networkPost: number;
    draftPost: number;
    draftProposal: number;
    approvedProposal: number;
    evaluatedProposal: number;
  };
}

export async function writeWork(t: TestDatabase): Promise<WrittenWork> {
  const accounts = createAccountStore(t.db);
  const net = (role: Grant["role"]): Grant => ({ role, scope: { kind: "network", networkId: N } });
  const services = composeServices({ db: t.db, pool: t.pool, now: () => NOW });
  const orgs = (await services.directory.organisations({ kind: "acute_trust" })).map(
    (o) => o.orgCode,
  );
  const grants: Record<string, Grant[]> = {
    lead: [net("network_lead")],
    member: [
      net("network_member"),
      { role: "organisation_member", scope: { kind: "organisation", orgCode: orgs[0]! } },
    ],
    reviewer: [{ role: "proposal_reviewer", scope: { kind: "national" } }],
    admin: [{ role: "national_admin", scope: { kind: "national" } }],
    stranger: [],
  };
  const people = new Map<string, UserActor>();
  for (const [name, list] of Object.entries(grants)) {
    const user = await accounts.createUser({ email: `${name}@example.nhs.uk`, displayName: name });
    for (const g of list) await accounts.addGrant(user.userId, g, null);
    people.set(name, {
      kind: "user",
      userId: user.userId,
      email: user.email,
      displayName: name,
      grants: list,
    });
  }
  const as = (name: string) => people.get(name)!;
  await services.guides.publish({ kind: "operator", label: "test" }, guideFixture());

  const post = (title: string, visibility: string) => ({
    kind: "what_worked",
    title,
    body: `${title}: crews refer straight to SDEC.`,
    orgCode: orgs[0]!,
    changeDate: "2024-09-01",
    ideas: ["test-flow/direct-access"],
    metricIds: ["ae_4hr_all"],
    careSetting: "",
    visibility,
  });
  const member = as("member");
  const publicPost = (
    await services.learning.create(member, N, post("Public ward rounds", "public"))
  ).postId;
  await services.learning.publish(member, publicPost);
  const networkPost = (
    await services.learning.create(member, N, post("Private huddles", "network"))
  ).postId;
  await services.learning.publish(member, networkPost);
  const draftPost = (await services.learning.create(member, N, post("Unfinished draft", "public")))
    .postId;

  const form = (title: string) => ({
    title,
    aim: "Raise the share of A&E patients seen within 4 hours.",
    approach: "Plan, do, study, act cycles.",
    changeIdeas: ["test-flow/direct-access"],
    participants: orgs.slice(0, 3).join(" "),
    comparators: orgs.slice(3, 5).join(" "),
    primaryMetricId: "ae_4hr_all",
    balancingMetricIds: [],
    baselineStart: "2024-01",
    baselineEnd: "2024-12",
    plannedStart: "2025-02",
    followUpEnd: "2025-12",
    expectedEffect: "3",
    expectedDirection: "increase",
    timeline: "Three months of set-up.",
    resources: "One analyst per trust.",
  });
  const approve = async (id: number) => {
    await services.proposals.transition(as("lead"), id, "submit", "");
    await services.proposals.transition(as("reviewer"), id, "start_review", "");
    await services.proposals.transition(as("admin"), id, "approve", "");
  };
  const draftProposal = await services.proposals.create(as("lead"), N, form("Secret draft"));
  const approvedProposal = await services.proposals.create(as("lead"), N, form("Approved one"));
  await approve(approvedProposal);
  const evaluatedProposal = await services.proposals.create(as("lead"), N, form("Evaluated one"));
  await approve(evaluatedProposal);
  await services.proposals.transition(as("lead"), evaluatedProposal, "start", "");
  await services.proposals.transition(
    as("lead"),
    evaluatedProposal,
    "evaluate",
    "The share rose a little.",
  );
  return {
    people,
    orgs,
    ids: { publicPost, networkPost, draftPost, draftProposal, approvedProposal, evaluatedProposal },
  };
}
