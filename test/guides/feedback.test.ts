/**
 * Guide feedback (issue 16) over a real database: giving on behalf of an organisation, the
 * author's answers and the giver's notifications ("New answer" and an email), closing cited
 * feedback when a version is published, privacy of the community view and the CSV, sample import.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/accounts/actor.js";
import { ForbiddenError, InputError, NotFoundError } from "../../src/errors.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { composeServices } from "../../src/web/compose.js";
import type { Services } from "../../src/web/context.js";
import { caseGrants, USER_CASES, type UserCase } from "../support/actor-cases.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { guideFixture } from "../support/guide-fixture.js";

const ORG_A = "ZZ001";
const ORG_B = "ZZ002";
const operator: Actor = { kind: "operator", label: "test" };

describe("guide feedback", () => {
  let t: TestDatabase;
  let s: Services;
  const actors = new Map<UserCase, Actor>();
  const as = (name: UserCase) => actors.get(name)!;
  const given = {
    guideId: "test-flow",
    version: "1.0",
    sectionId: "same-day-care",
    changeIdeaId: "direct-access",
    orgCode: ORG_A,
    useful: "yes",
    tried: "yes",
    worked: "partly",
    change: '=HYPERLINK("http://evil")',
    comment: "Worked on weekdays only.",
  };

  beforeAll(async () => {
    t = await demoDatabase({ orgs: 4, months: 3, seed: 3 });
    s = composeServices({ db: t.db, pool: t.pool });
    await s.guides.publish(operator, guideFixture());
    const store = createAccountStore(t.db);
    const grants = caseGrants({ orgA: ORG_A, orgB: ORG_B, networkN: "n", networkM: "m" });
    for (const name of USER_CASES) {
      const user = await store.createUser({ email: `${name}@example.nhs.uk`, displayName: name });
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
    await t?.drop();
  });

  it("is given by a member on behalf of their organisation only", async () => {
    await expect(s.guideFeedback.give(as("org_member_B"), given)).rejects.toThrow(ForbiddenError);
    await expect(s.guideFeedback.give(as("no_roles"), given)).rejects.toThrow(ForbiddenError);
    await expect(s.guideFeedback.give({ kind: "anonymous" }, given)).rejects.toThrow();
    const ref = await s.guideFeedback.give(as("org_member_A"), given);
    expect(ref).toMatch(/^FB-\d{4}$/);
  });

  it("checks the answers and the version, section and change idea", async () => {
    await expect(
      s.guideFeedback.give(as("org_member_A"), { ...given, worked: null }),
    ).rejects.toThrow(InputError);
    await expect(
      s.guideFeedback.give(as("org_member_A"), { ...given, tried: "no" }),
    ).rejects.toThrow(InputError);
    await expect(
      s.guideFeedback.give(as("org_member_A"), { ...given, version: "9.9" }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      s.guideFeedback.give(as("org_member_A"), { ...given, changeIdeaId: "nope" }),
    ).rejects.toThrow(NotFoundError);
  });

  it("lets only authors triage and answer, with what each status needs", async () => {
    await expect(s.guideFeedback.triage(as("org_member_A"), {})).rejects.toThrow(ForbiddenError);
    const { items } = await s.guideFeedback.triage(as("guide_author"), { guideId: "test-flow" });
    const ref = items[0]!.ref;
    expect(items[0]!.orgCode).toBe(ORG_A);
    await expect(
      s.guideFeedback.answer(as("org_member_A"), ref, { status: "accepted" }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      s.guideFeedback.answer(as("guide_author"), ref, { status: "planned" }),
    ).rejects.toThrow(/plannedFor/);
    await expect(
      s.guideFeedback.answer(as("guide_author"), ref, { status: "declined" }),
    ).rejects.toThrow(InputError);
    await s.guideFeedback.answer(as("guide_author"), ref, {
      status: "planned",
      plannedFor: "1.1",
      response: "We will add weekend cover to the change idea.",
    });
    const { item, events } = await s.guideFeedback.item(as("guide_author"), ref);
    expect(item.status).toBe("planned");
    expect(events.map((e) => e.what)).toEqual([
      "Given",
      expect.stringMatching(/planned for version 1.1/),
    ]);
  });

  it("tells the giver by email and shows a New answer once", async () => {
    const mail = await t.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("kind", "=", "notification")
      .execute();
    expect(mail).toHaveLength(1);
    expect(JSON.stringify(mail[0])).toContain("org_member_A@example.nhs.uk");
    expect(JSON.stringify(mail[0])).toContain("/guides/feedback");
    const first = await s.guideFeedback.mine(as("org_member_A"));
    expect(first[0]!.newAnswer).toBe(true);
    const again = await s.guideFeedback.mine(as("org_member_A"));
    expect(again[0]!.newAnswer).toBe(false);
    expect(await s.guideFeedback.mine(as("org_member_B"))).toEqual([]);
  });

  it("closes feedback a published version's changelog answers", async () => {
    const [mine] = await s.guideFeedback.mine(as("org_member_A"));
    await s.guides.publish(
      operator,
      guideFixture({
        version: "1.1",
        published: "2026-03-01",
        changelog: [{ text: "Weekend cover added.", answers: [mine!.ref] }],
      }),
    );
    const { item, events } = await s.guideFeedback.item(as("guide_author"), mine!.ref);
    expect(item.status).toBe("done");
    expect(item.landedIn).toBe("1.1");
    expect(events.at(-1)!.what).toMatch(/Done in version 1.1/);
    const [after] = await s.guideFeedback.mine(as("org_member_A"));
    expect(after!.newAnswer).toBe(true);
  });

  it("never shows another organisation a hidden organisation or any giver", async () => {
    await s.guideFeedback.give(as("org_member_B"), {
      ...given,
      orgCode: ORG_B,
      showOrg: true,
      change: "",
    });
    const seen = await s.guideFeedback.community(as("org_member_B"), "test-flow");
    const text = JSON.stringify(seen);
    expect(text).not.toContain(ORG_A);
    expect(text).not.toContain("org_member");
    const names = await t.db
      .selectFrom("organisations")
      .select(["org_code", "name"])
      .where("org_code", "in", [ORG_A, ORG_B])
      .execute();
    const nameOf = (c: string) => names.find((n) => n.org_code === c)!.name;
    expect(text).not.toContain(nameOf(ORG_A));
    expect(text).toContain(nameOf(ORG_B));
    await expect(s.guideFeedback.community({ kind: "anonymous" }, "test-flow")).rejects.toThrow();
  });

  it("exports the queue as CSV to authors only, formulas neutralised", async () => {
    await expect(s.guideFeedback.csv(as("org_analyst_A"), {})).rejects.toThrow(ForbiddenError);
    const csv = await s.guideFeedback.csv(as("guide_author"), { guideId: "test-flow" });
    expect(csv.split("\r\n")[0]).toMatch(/^ref,guide,version/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });

  it("imports sample feedback once, naming the item and field of a problem", async () => {
    const sample = {
      ref: "TEST-FB-001",
      version: "1.0",
      section: "same-day-care",
      useful: "partly",
      tried: "no",
      change: "Say who to call.",
      comment: "",
      given: "2026-01-20",
      status: "declined",
      reason: "Out of scope.",
    };
    await expect(
      s.guideFeedback.importSample("test-flow", [{ ...sample, status: "planned" }]),
    ).rejects.toThrow(/TEST-FB-001: plannedFor/);
    expect(await s.guideFeedback.importSample("test-flow", [sample])).toBe(1);
    expect(await s.guideFeedback.importSample("test-flow", [sample])).toBe(0);
    const seen = await s.guideFeedback.community(as("no_roles"), "test-flow");
    const item = seen.find((i) => i.ref === "TEST-FB-001")!;
    expect(item.sample).toBe(true);
    expect(item.organisation).toBeNull();
    expect(item.status).toBe("declined");
  });
});
