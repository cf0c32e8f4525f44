/**
 * Self-assessment (issue 16): matrix files, rounds over time, and who sees what, over a real
 * database and the real pages. The privacy rule is the point: a private round never appears
 * outside its organisation (not to another organisation, not to its networks' members or lead,
 * not in search, not in any CSV, not by guessing its id).
 */
import type { FastifyInstance } from "fastify";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/accounts/actor.js";
import { parseMatrix, readMatrixFolder } from "../../src/assessments/matrix-folder.js";
import { InputError, NotFoundError } from "../../src/errors.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { createAppFromDatabase } from "../../src/web/compose.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { caseGrants, USER_CASES, type UserCase } from "../support/actor-cases.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { guideFixture } from "../support/guide-fixture.js";
import { sessionCookieFor, TEST_SESSION_SECRET } from "../support/sessions.js";
import { asPeople } from "../support/web-client.js";
import { withoutProvenance } from "../support/csv-line.js";

const fixtures = path.join(import.meta.dirname, "fixtures");
const matrices = readMatrixFolder(path.join(fixtures, "good"));
const M = "test-flow-maturity";
const ORG_A = "ZZ001";
const ORG_B = "ZZ002";
const NETWORK_N = "london-uec";
const NETWORK_M = "london-elective";

describe("maturity matrix files", () => {
  it("reads a valid matrix", () => {
    expect(matrices.map((m) => m.id)).toEqual([M]);
    expect(matrices[0]!.levels.map((l) => l.label)).toEqual(["Not started", "Planning", "Testing"]);
  });

  it("names the file, the row and the field of a problem", () => {
    expect(() => readMatrixFolder(path.join(fixtures, "bad"))).toThrow(
      /broken-maturity\.yaml.*row 1 \(admission\) field statements: needs one statement per level \(2\), has 1/,
    );
  });

  it("refuses bad YAML, unknown fields, falling scores and an id unlike the file name", () => {
    expect(() => parseMatrix("id: [", "x.yaml")).toThrow(InputError);
    const base = {
      id: "x",
      title: "X",
      summary: "S.",
      levels: [
        { score: 2, label: "A" },
        { score: 1, label: "B" },
      ],
      rows: [{ id: "r", title: "R", statements: ["a", "b"] }],
    };
    expect(() => parseMatrix(JSON.stringify(base), "x.yaml")).toThrow(
      /level 2 field score: scores must rise/,
    );
    expect(() =>
      parseMatrix(JSON.stringify({ ...base, levels: base.levels.reverse(), colour: 1 }), "x.yaml"),
    ).toThrow(/colour/);
    const good = { ...base, levels: [...base.levels].sort((a, b) => a.score - b.score) };
    expect(() => parseMatrix(JSON.stringify(good), "y.yaml")).toThrow(/must match the file name/);
  });
});

describe("self-assessment rounds", () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let store: AccountStore;
  const actors = new Map<UserCase, Actor>();
  const cookies = new Map<UserCase, string>();

  beforeAll(async () => {
    t = await demoDatabase({ orgs: 4, months: 3, seed: 3 });
    // ORG_A and ORG_B in network N; nobody in network M.
    await sql`DELETE FROM network_members WHERE network_id IN (${NETWORK_N}, ${NETWORK_M})`.execute(
      t.db,
    );
    await t.db
      .insertInto("network_members")
      .values(
        [ORG_A, ORG_B].map((org_code) => ({ network_id: NETWORK_N, org_code, origin: "manual" })),
      )
      .execute();
    store = createAccountStore(t.db);
    app = await createAppFromDatabase({
      db: t.db,
      pool: t.pool,
      matrices,
      sessions: {
        secret: TEST_SESSION_SECRET,
        idleMs: 1_800_000,
        absoluteMs: 43_200_000,
        production: false,
      },
    });
    await app.ready();
    const grants = caseGrants({
      orgA: ORG_A,
      orgB: ORG_B,
      networkN: NETWORK_N,
      networkM: NETWORK_M,
    });
    for (const name of USER_CASES) {
      const user = await store.createUser({ email: `${name}@example.nhs.uk`, displayName: name });
      for (const grant of grants[name]) await store.addGrant(user.userId, grant, null);
      cookies.set(name, await sessionCookieFor(store, user.userId));
      actors.set(name, {
        kind: "user",
        userId: user.userId,
        email: user.email,
        displayName: name,
        grants: grants[name],
      });
    }
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const as = (name: UserCase) => actors.get(name)!;
  const { get, post } = asPeople(() => app, cookies);
  const answers = (
    admission: string,
    discharge: string,
    day = "1",
    month = "3",
    year = "2026",
  ) => ({
    "assessedOn-day": day,
    "assessedOn-month": month,
    "assessedOn-year": year,
    "score-admission": admission,
    "evidence-admission": "Ward 7 board rounds",
    "score-discharge": discharge,
    "evidence-discharge": "SECRET-EVIDENCE-discharge",
  });

  let first = 0;
  let second = 0;

  it("takes a round from draft to submitted through the pages, then a second round, with history", async () => {
    // Round 1: start (blank), save a draft with a blank row, submit.
    const started = await post(
      `/assessments/${M}/rounds/new`,
      { org: ORG_A, prefill: "no" },
      "org_member_A",
      `/assessments/${M}/rounds/new?org=${ORG_A}`,
    );
    expect(started.statusCode).toBe(303);
    const url1 = String(started.headers.location);
    first = Number(url1.split("/").at(-1));
    const draft = await post(url1, { ...answers("1", ""), action: "save" }, "org_member_A");
    expect(draft.statusCode).toBe(303);
    const draftPage = await get(url1, "org_member_A");
    expect(draftPage.body).toContain("Draft");
    // Submitting with a blank row: the error summary names it, nothing changes.
    const refused = await post(url1, { ...answers("1", ""), action: "submit" }, "org_member_A");
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("There is a problem");
    expect(refused.body).toContain('href="#score-discharge"');
    expect((await actorsRound(first)).status).toBe("draft");
    // A level the matrix does not have, a date in the future.
    const bad = await post(
      url1,
      { ...answers("9", "2", "1", "1", "2099"), action: "submit" },
      "org_member_A",
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Choose one of the levels for Admission");
    expect(bad.body).toContain("today or in the past");
    expect(bad.body).toContain('href="#assessedOn-day"');
    expect(
      await post(url1, { ...answers("1", "2"), action: "submit" }, "org_member_A"),
    ).toMatchObject({ statusCode: 303 });
    expect((await actorsRound(first)).status).toBe("submitted");
    // A submitted round no longer takes answers.
    const again = await post(url1, { ...answers("3", "3"), action: "save" }, "org_analyst_A", url1);
    expect(again.statusCode).toBe(409);

    // Round 2, prefilled from round 1, then changed.
    const started2 = await post(
      `/assessments/${M}/rounds/new`,
      { org: ORG_A, prefill: "yes" },
      "org_analyst_A",
      `/assessments/${M}/rounds/new?org=${ORG_A}`,
    );
    const url2 = String(started2.headers.location);
    second = Number(url2.split("/").at(-1));
    const prefilled = await actorsRound(second);
    expect(prefilled.answers.map((a) => a.score)).toEqual([1, 2]);
    expect(prefilled.guideVersion).toBeNull(); // the guide is not published yet
    expect(
      await post(url2, { ...answers("2", "3", "1", "4"), action: "submit" }, "org_analyst_A"),
    ).toMatchObject({ statusCode: 303 });

    const history = await get(`/assessments/${M}?org=${ORG_A}`, "org_member_A");
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain("Discharge rose from 2 (Planning) to 3 (Testing).");
    expect(history.body).toContain("Admission rose from 1 (Not started) to 2 (Planning).");
    expect(history.body).toContain("<svg");
    expect(history.body).toContain(
      "rose from 1.5 on 1 March 2026 to 2.5 on 1 April 2026, over 2 rounds",
    );
    const csv = await get(`/assessments/${M}.csv?org=${ORG_A}`, "org_member_A");
    expect(csv.statusCode).toBe(200);
    expect(withoutProvenance(csv.body).split("\r\n")[0]).toContain("round_id,assessed_on");
    expect(csv.body).toContain("SECRET-EVIDENCE-discharge");
  });

  async function actorsRound(roundId: number) {
    return (await servicesOf().round(as("org_member_A"), roundId)).round;
  }
  function servicesOf() {
    return assessmentService;
  }
  // The service as the app composed it, reached through a page-free composition for direct calls.
  let assessmentService: import("../../src/assessments/service.js").AssessmentService;
  beforeAll(async () => {
    const { composeServices } = await import("../../src/web/compose.js");
    assessmentService = composeServices({ db: t.db, pool: t.pool, matrices }).assessments;
  });

  it("keeps private rounds inside the organisation: other organisations, networks, search, CSV, guessed ids", async () => {
    const outsiders: UserCase[] = [
      "org_member_B",
      "org_analyst_B",
      "network_member_N",
      "network_lead_N",
      "network_member_M",
      "network_lead_M",
      "guide_author",
      "no_roles",
    ];
    for (const who of outsiders) {
      const page = await get(`/assessments/${M}/rounds/${first}`, who);
      expect(page.statusCode, who).toBe(404);
      expect(page.body).not.toContain("SECRET-EVIDENCE");
      const csv = await get(`/assessments/${M}.csv?org=${ORG_A}`, who);
      expect(csv.statusCode, who).toBe(404);
      const history = await get(`/assessments/${M}?org=${ORG_A}`, who);
      expect(history.body, who).not.toContain("SECRET-EVIDENCE");
      expect(history.body, who).not.toContain(`/rounds/${first}`);
      await expect(assessmentService.round(as(who), first)).rejects.toBeInstanceOf(NotFoundError);
    }
    // An id that does not exist answers exactly as a private one does.
    expect((await get(`/assessments/${M}/rounds/999999`, "org_member_B")).statusCode).toBe(404);
    // Not signed in: asked to sign in, shown nothing.
    const anon = await get(`/assessments/${M}/rounds/${first}`);
    expect(anon.statusCode).toBe(303);
    expect(String(anon.headers.location)).toMatch(/^\/sign-in/);
    // The network view: nobody has shared, so nobody is shown.
    const net = await get(`/networks/${NETWORK_N}/assessments/${M}`, "network_lead_N");
    expect(net.statusCode).toBe(200);
    expect(net.body).toContain("0 of 2 member organisations have shared a submitted round");
    expect(net.body).toContain("Private rounds and drafts are not shown.");
    expect(net.body).not.toContain("SECRET-EVIDENCE");
    // Search does not index rounds.
    for (const who of ["network_lead_N", "org_member_A"] as const) {
      const search = await get(`/search?q=SECRET-EVIDENCE`, who);
      expect(search.body).not.toContain("SECRET-EVIDENCE-discharge</");
      expect(search.body).not.toContain(`/rounds/`);
    }
    expect(
      await assessmentService.lastAssessedVersion(as("network_lead_N"), ORG_A, "test-flow"),
    ).toBeNull();
  });

  it("shows a shared round to the organisation's networks only, and takes it back when made private", async () => {
    const url1 = `/assessments/${M}/rounds/${first}`;
    expect(await post(url1, { action: "share" }, "org_member_A")).toMatchObject({
      statusCode: 303,
    });
    const net = await get(`/networks/${NETWORK_N}/assessments/${M}`, "network_member_N");
    expect(net.body).toContain("1 of 2 member organisations has shared a submitted round");
    expect(net.body).toContain(`/rounds/${first}`);
    expect(net.body).not.toContain(`/rounds/${second}`); // round 2 is still private
    expect((await get(url1, "network_lead_N")).statusCode).toBe(200);
    expect((await get(url1, "network_member_N")).body).not.toContain('value="private"'); // read only
    for (const who of ["network_member_M", "network_lead_M", "org_member_B", "no_roles"] as const) {
      expect((await get(url1, who)).statusCode, who).toBe(404);
    }
    expect(
      (await get(`/networks/${NETWORK_N}/assessments/${M}`, "network_lead_M")).statusCode,
    ).toBe(403);
    // A shared round is still not the networks' to download or change.
    expect((await get(`/assessments/${M}.csv?org=${ORG_A}`, "network_lead_N")).statusCode).toBe(
      404,
    );
    await expect(
      assessmentService.setVisibility(as("network_lead_N"), first, "private"),
    ).rejects.toBeInstanceOf(NotFoundError);
    // The history for a network member: shared rounds only.
    const history = await get(`/assessments/${M}?org=${ORG_A}`, "network_member_N");
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain(`/rounds/${first}`);
    expect(history.body).not.toContain(`/rounds/${second}`);
    // Made private again: gone from the network.
    expect(await post(url1, { action: "private" }, "org_analyst_A")).toMatchObject({
      statusCode: 303,
    });
    expect((await get(url1, "network_lead_N")).statusCode).toBe(404);
    expect((await get(`/networks/${NETWORK_N}/assessments/${M}`, "network_lead_N")).body).toContain(
      "0 of 2",
    );
  });

  it("lets a national administrator see every round, and records the guide version for lastAssessedVersion", async () => {
    expect((await get(`/assessments/${M}/rounds/${second}`, "national_admin")).statusCode).toBe(
      200,
    );
    const { composeServices } = await import("../../src/web/compose.js");
    const services = composeServices({ db: t.db, pool: t.pool, matrices });
    await services.guides.publish({ kind: "operator", label: "test" }, guideFixture());
    const round = await services.assessments.startRound(as("org_member_A"), ORG_A, M, true);
    expect(round.guideVersion).toBe("1.0");
    expect(
      await services.assessments.lastAssessedVersion(as("org_member_A"), ORG_A, "test-flow"),
    ).toBeNull(); // a draft
    await services.assessments.submit(as("org_member_A"), round.roundId, {
      assessedOn: "2026-03-10",
      answers: { admission: { score: "3", evidence: "" }, discharge: { score: "3", evidence: "" } },
    });
    expect(
      await services.assessments.lastAssessedVersion(as("org_member_A"), ORG_A, "test-flow"),
    ).toBe("1.0");
    expect(
      await services.assessments.lastAssessedVersion(as("org_member_B"), ORG_A, "test-flow"),
    ).toBeNull();
    await expect(
      services.assessments.startRound(as("org_member_B"), ORG_A, M, false),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers each role as the privacy table says (docs/guides.md)", async () => {
    const round = await assessmentService.startRound(as("org_analyst_A"), ORG_A, M, true);
    await assessmentService.submit(as("org_analyst_A"), round.roundId, {
      assessedOn: "2026-03-12",
      answers: { admission: { score: "2", evidence: "" }, discharge: { score: "2", evidence: "" } },
    });
    const readers = async () => {
      const out: string[] = [];
      for (const name of USER_CASES)
        if (
          await assessmentService.round(as(name), round.roundId).then(
            () => true,
            () => false,
          )
        )
          out.push(name);
      return out;
    };
    const own = ["org_member_A", "org_analyst_A", "national_admin"];
    expect(await readers()).toEqual(own);
    await assessmentService.setVisibility(as("org_member_A"), round.roundId, "shared");
    expect((await readers()).sort()).toEqual([...own, "network_member_N", "network_lead_N"].sort());
    // Changing and downloading stay with the organisation's people, shared or not.
    for (const name of USER_CASES) {
      const may = own.includes(name);
      const changed = await assessmentService.setVisibility(as(name), round.roundId, "shared").then(
        () => true,
        () => false,
      );
      expect(changed, name).toBe(may);
      expect(assessmentService.canComplete(as(name), ORG_A), name).toBe(may);
    }
  });

  it("lists the matrices, and the member's latest round of each", async () => {
    const anon = await get("/assessments");
    expect(anon.statusCode).toBe(200);
    expect(anon.body).toContain("Test flow maturity");
    expect(anon.body).toContain("to assess your organisation");
    const member = await get("/assessments", "org_member_A");
    expect(member.body).toContain(`/assessments/${M}?org=${ORG_A}`);
    expect(member.body).toMatch(/Submitted, \d+ \w+ 2026, private/);
    expect(member.body).not.toContain("to assess your organisation");
    expect((await get("/assessments/no-such-matrix?org=ZZ001", "org_member_A")).statusCode).toBe(
      404,
    );
    const lead = await get("/assessments", "network_lead_N");
    expect(lead.body).toContain(`href="/networks/${NETWORK_N}/assessments/${M}"`);
    // The network's dashboard links them for everyone; its workspace, for its members.
    const network = await get(`/group/network:${NETWORK_N}`);
    expect(network.body).toContain(`href="/networks/${NETWORK_N}/assessments/${M}"`);
    const workspace = await get(`/networks/${NETWORK_N}`, "network_member_N");
    expect(workspace.body).toContain(`href="/networks/${NETWORK_N}/assessments/${M}"`);
  });
});
