import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/accounts/actor.js";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../../src/errors.js";
import { createGuideService, type GuideService } from "../../src/guides/service.js";
import type { GuideVersion } from "../../src/guides/types.js";
import { isMetricId } from "../../src/metrics/catalogue/index.js";
import { createGuideStore } from "../../src/storage/guides-store.js";
import { guideFixture } from "../support/guide-fixture.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const operator: Actor = { kind: "operator", label: "test" };
const author: Actor = {
  kind: "user",
  userId: 1,
  email: "author@example.nhs.uk",
  displayName: "Author",
  grants: [{ role: "guide_author", scope: { kind: "national" } }],
};
const member: Actor = {
  kind: "user",
  userId: 2,
  email: "member@example.nhs.uk",
  displayName: "Member",
  grants: [{ role: "organisation_member", scope: { kind: "organisation", orgCode: "RJ1" } }],
};

describe("guide service", () => {
  let t: TestDatabase;
  let guides: GuideService;
  const heard: string[] = [];
  beforeAll(async () => {
    t = await testDatabase();
    guides = createGuideService({
      store: createGuideStore(t.db),
      isMetricId,
      onPublished: [async (v) => void heard.push(`${v.guideId} ${v.version}`)],
    });
  });
  afterAll(async () => t.drop());

  it("publishes versions in order, lists the newest, and tells listeners", async () => {
    expect(await guides.publish(operator, guideFixture())).toBe("published");
    const v11: GuideVersion = guideFixture({
      version: "1.1",
      changelog: [{ text: "Clearer criteria.", answers: ["FB-1"] }],
    });
    expect(await guides.publish(author, v11)).toBe("published");
    expect((await guides.current("test-flow")).version).toBe("1.1");
    expect((await guides.version("test-flow", "1.0")).changelog[0]!.text).toBe(
      "First interim version.",
    );
    expect((await guides.versions("test-flow")).map((v) => v.version)).toEqual(["1.1", "1.0"]);
    const [listed] = await guides.list();
    expect(listed).toMatchObject({ currentVersion: "1.1", versionCount: 2, changeIdeaCount: 1 });
    expect(heard).toEqual(["test-flow 1.0", "test-flow 1.1"]);
  });

  it("treats the same content again as already published, and refuses different content", async () => {
    expect(await guides.publish(operator, guideFixture())).toBe("already-published");
    await expect(guides.publish(operator, guideFixture({ title: "Changed" }))).rejects.toThrow(
      ConflictError,
    );
    await expect(guides.publish(operator, guideFixture({ version: "0.9" }))).rejects.toThrow(
      /not after the newest/,
    );
    expect(heard).toHaveLength(2);
  });

  it("keeps published versions immutable in the database itself", async () => {
    await expect(
      sql`UPDATE guide_versions SET title = 'Edited' WHERE guide_id = 'test-flow'`.execute(t.db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`DELETE FROM guide_versions`.execute(t.db)).rejects.toThrow(/immutable/);
    expect((await guides.version("test-flow", "1.0")).title).toBe("Test patient flow");
  });

  it("lets only guide authors publish, and checks the content and its measures", async () => {
    await expect(guides.publish(member, guideFixture({ version: "2.0" }))).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      guides.publish(author, { ...guideFixture({ version: "2.0" }), sections: [] }),
    ).rejects.toThrow(InputError);
    await expect(
      guides.publish(
        author,
        guideFixture({
          version: "2.0",
          measures: [{ metricId: "no_such_metric", role: "outcome" }],
        }),
      ),
    ).rejects.toThrow(InputError);
    await expect(guides.current("no-such-guide")).rejects.toThrow(NotFoundError);
    await expect(guides.version("test-flow", "9.9")).rejects.toThrow(NotFoundError);
  });
});

describe("guide service: the revision read", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await testDatabase();
  });
  afterAll(async () => t.drop());

  it("is read once per trust window, forgotten on a publish here, and another process's shows after the window", async () => {
    const store = createGuideStore(t.db);
    let reads = 0;
    const counted = { ...store, revision: () => (reads++, store.revision()) };
    const here = createGuideService({ store: counted, isMetricId, revisionTrustMs: 60_000 });
    const elsewhere = createGuideService({ store, isMetricId });
    const before = await here.revision();
    await Promise.all([here.revision(), here.usingMetric("ae_4hr_all"), here.list()]);
    expect(reads).toBe(1);

    // Published by another process: not seen within the window.
    await elsewhere.publish(operator, guideFixture());
    expect(await here.revision()).toBe(before);
    expect(reads).toBe(1);

    // Published here: seen at once.
    await here.publish(operator, guideFixture({ version: "1.1" }));
    const after = await here.revision();
    expect(after).not.toBe(before);
    expect((await here.current("test-flow")).version).toBe("1.1");
    expect(reads).toBe(2);

    // With no window, every call reads.
    const always = createGuideService({ store: counted, isMetricId, revisionTrustMs: 0 });
    await always.revision();
    await always.revision();
    expect(reads).toBe(4);
  });
});
