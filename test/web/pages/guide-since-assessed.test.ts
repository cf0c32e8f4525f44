// "A reader who assessed against 1.0 sees what changed since": the guide page tells a member of an
// organisation whose last self-assessment was against an older version, and links to the diff.
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../../../src/accounts/actor.js";
import { grantOf } from "../../../src/accounts/roles.js";
import { projectRoot } from "../../../src/config.js";
import { readGuideFolder } from "../../../src/guides/guide-folder.js";
import { createAccountStore } from "../../../src/storage/accounts-store.js";
import { composeServices } from "../../../src/web/compose.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";
import { appWithSessions, signedInPerson } from "../../support/signed-in-app.js";

const ORG = "ZZ001";
let t: TestDatabase;
let app: FastifyInstance;
let cookie: string;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 6, months: 24, seed: 5 });
  const services = composeServices({ db: t.db, pool: t.pool });
  const [uec] = (await readGuideFolder(path.join(projectRoot, "content", "guides"))).filter(
    (g) => g.guideId === "uec-acute-flow",
  );
  const operator = { kind: "operator", label: "test" } as const;
  await services.guides.publish(operator, uec!.versions[0]);
  const person = await signedInPerson(
    createAccountStore(t.db),
    { email: "lead@example.nhs.uk", displayName: "Lead" },
    [grantOf("organisation_member", ORG)],
  );
  cookie = person.cookie;
  const actor: UserActor = {
    kind: "user",
    userId: person.user.userId,
    email: "lead@example.nhs.uk",
    displayName: "Lead",
    grants: [grantOf("organisation_member", ORG)],
  };
  // Assessed while 1.0 was current; then 1.1 is published.
  const matrix = services.assessments.matrices().find((m) => m.guide === "uec-acute-flow")!;
  const round = await services.assessments.startRound(actor, ORG, matrix.id, false);
  await services.assessments.submit(actor, round.roundId, {
    assessedOn: "2026-07-01",
    answers: Object.fromEntries(matrix.rows.map((r) => [r.id, { score: "2", evidence: "" }])),
  });
  await services.guides.publish(operator, uec!.versions[1]);
  app = await appWithSessions(t);
  await app.ready();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe("what changed since the organisation assessed itself", () => {
  it("tells a member and links to the diff from the version assessed to the current one", async () => {
    const res = await app.inject({ url: "/guides/uec-acute-flow", headers: { cookie } });
    expect(res.body).toContain("last assessed itself against version 1.0 of this guide");
    expect(res.body).toContain('href="/guides/uec-acute-flow/compare?from=1.0&amp;to=1.1"');
  });

  it("says nothing to a reader from another organisation or not signed in", async () => {
    const res = await app.inject("/guides/uec-acute-flow");
    expect(res.body).not.toContain("last assessed itself");
  });
});
