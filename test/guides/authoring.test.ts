import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/accounts/actor.js";
import { ConflictError, ForbiddenError, InputError } from "../../src/errors.js";
import {
  createAuthoringService,
  type AuthoringService,
} from "../../src/guides/authoring/service.js";
import { createGuideService, type GuideService } from "../../src/guides/service.js";
import { isMetricId } from "../../src/metrics/catalogue/index.js";
import { createGuideDraftStore } from "../../src/storage/guide-drafts-store.js";
import { createGuideStore } from "../../src/storage/guides-store.js";
import { guideFixture } from "../support/guide-fixture.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const operator: Actor = { kind: "operator", label: "test" };
const authorOf = (userId: number): Actor => ({
  kind: "user",
  userId,
  email: `author${userId}@example.nhs.uk`,
  displayName: `Author ${userId}`,
  grants: [{ role: "guide_author", scope: { kind: "national" } }],
});
const ann = authorOf(1);
const bob = authorOf(2);
const member: Actor = {
  kind: "user",
  userId: 3,
  email: "member@example.nhs.uk",
  displayName: "Member",
  grants: [{ role: "organisation_member", scope: { kind: "organisation", orgCode: "RJ1" } }],
};

describe("guide authoring", () => {
  let t: TestDatabase;
  let guides: GuideService;
  let authoring: AuthoringService;
  beforeAll(async () => {
    t = await testDatabase();
    guides = createGuideService({ store: createGuideStore(t.db), isMetricId });
    authoring = createAuthoringService({
      store: createGuideDraftStore(t.db),
      guides,
      today: () => "2026-12-04",
    });
    await guides.publish(operator, guideFixture());
  });
  afterAll(async () => t.drop());

  it("takes a draft from start to publication, recording every step", async () => {
    const id = await authoring.startFromGuide(ann, "test-flow", "minor");
    let seen = await authoring.view(ann, id);
    expect(seen.draft).toMatchObject({ version: "1.1", baseVersion: "1.0", status: "draft" });
    expect(seen.draft.content.changelog).toEqual([]);
    expect(seen.problems.join(" ")).toMatch(/changelog|at least/i);
    // An empty changelog is allowed by the schema; check submit works once content is valid.
    await authoring.edit(ann, id, (v) => ({
      ...v,
      changelog: [{ text: "Clearer criteria.", answers: ["FB-1"] }],
    }));
    await authoring.submit(ann, id);
    await expect(authoring.approve(ann, id, "")).rejects.toThrow(/cannot review your own draft/);
    await authoring.requestChanges(bob, id, "Say who the criteria are for.");
    expect((await authoring.view(ann, id)).draft.status).toBe("changes_requested");
    await authoring.submit(ann, id);
    await authoring.approve(bob, id, "Good.");
    expect(await authoring.publish(ann, id)).toBe("1.1");
    const published = await guides.version("test-flow", "1.1");
    expect(published.published).toBe("2026-12-04");
    expect(published.changelog[0]!.answers).toEqual(["FB-1"]);
    seen = await authoring.view(bob, id);
    expect(seen.draft.status).toBe("published");
    expect(seen.events.map((e) => e.action)).toEqual([
      "started 1.1 from 1.0",
      "submitted for review",
      "asked for changes",
      "submitted for review",
      "approved",
      "published",
    ]);
    expect(seen.events[2]).toMatchObject({
      actor: "author2@example.nhs.uk",
      comment: "Say who the criteria are for.",
    });
    await expect(
      sql`UPDATE guide_versions SET title = 'x' WHERE version = '1.1'`.execute(t.db),
    ).rejects.toThrow(/immutable/);
    await expect(authoring.edit(ann, id, (v) => v)).rejects.toThrow(ConflictError);
    expect((await authoring.dashboard(ann)).recentlyPublished.map((d) => d.draftId)).toContain(id);
  });

  it("says clearly when the number was published meanwhile", async () => {
    const first = await authoring.startFromGuide(ann, "test-flow", "minor");
    const second = await authoring.startFromGuide(bob, "test-flow", "minor");
    for (const [id, by, reviewer] of [
      [first, ann, bob],
      [second, bob, ann],
    ] as const) {
      await authoring.edit(by, id, (v) => ({ ...v, changelog: [{ text: "More.", answers: [] }] }));
      await authoring.submit(by, id);
      await authoring.approve(reviewer, id, "");
    }
    await authoring.publish(ann, first);
    await expect(authoring.publish(bob, second)).rejects.toThrow(/1\.2 was published meanwhile/);
    expect((await authoring.view(bob, second)).publishedSince).toBe("1.2");
    await authoring.withdraw(bob, second);
    expect((await authoring.view(bob, second)).draft.status).toBe("withdrawn");
  });

  it("lists every problem on submit and names the fields", async () => {
    const id = await authoring.startNewGuide(ann, {
      guideId: "new-one",
      title: "New",
      topic: "uec",
    });
    const error = await authoring.submit(ann, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const reasons = (error as InputError).problems.map((p) => p.reason).join("\n");
    expect((error as InputError).problems.length).toBeGreaterThan(2);
    expect((await authoring.view(ann, id)).problems.join("\n")).toMatch(/summary/);
    expect(reasons.length).toBeGreaterThan(0);
    await expect(
      authoring.startNewGuide(ann, { guideId: "test-flow", title: "x", topic: "uec" }),
    ).rejects.toThrow(/taken/);
    await expect(
      authoring.startNewGuide(ann, { guideId: "Not A Slug", title: "x", topic: "uec" }),
    ).rejects.toThrow(InputError);
  });

  it("needs a guide author for everything, and a comment to ask for changes", async () => {
    await expect(authoring.dashboard(member)).rejects.toThrow(ForbiddenError);
    await expect(authoring.startFromGuide(member, "test-flow", "major")).rejects.toThrow(
      ForbiddenError,
    );
    const id = await authoring.startFromGuide(ann, "test-flow", "major");
    expect((await authoring.view(ann, id)).draft.version).toBe("2.0");
    await expect(authoring.view(member, id)).rejects.toThrow(ForbiddenError);
    await authoring.edit(ann, id, (v) => ({ ...v, changelog: [{ text: "Big.", answers: [] }] }));
    await authoring.submit(ann, id);
    await expect(authoring.requestChanges(bob, id, "  ")).rejects.toThrow(InputError);
    await expect(authoring.publish(ann, id)).rejects.toThrow(/Only an approved draft/);
  });
});
