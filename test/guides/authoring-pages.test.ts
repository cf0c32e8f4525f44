import type { FastifyInstance } from "fastify";
import { appWithSessions } from "../support/signed-in-app.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccountStore } from "../../src/storage/accounts-store.js";

import type { Grant } from "../../src/accounts/roles.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { guideFixture } from "../support/guide-fixture.js";
import { sessionCookieFor } from "../support/sessions.js";
import { csrfOf } from "../support/web-client.js";

const author: Grant = { role: "guide_author", scope: { kind: "national" } };
const people: Record<string, Grant[]> = {
  ann: [author],
  bob: [author],
  member: [{ role: "organisation_member", scope: { kind: "organisation", orgCode: "RJ1" } }],
};

describe("guide authoring pages", () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const cookies = new Map<string, string>();
  beforeAll(async () => {
    t = await testDatabase();
    app = await appWithSessions(t);
    await app.ready();
    const store = createAccountStore(t.db);
    for (const [name, grants] of Object.entries(people)) {
      const user = await store.createUser({ email: `${name}@example.nhs.uk`, displayName: name });
      for (const grant of grants) await store.addGrant(user.userId, grant, null);
      cookies.set(name, await sessionCookieFor(store, user.userId));
    }
    await app.inject({ url: "/" });
    const { createGuideService } = await import("../../src/guides/service.js");
    const { createGuideStore } = await import("../../src/storage/guides-store.js");
    const { isMetricId } = await import("../../src/metrics/catalogue/index.js");
    await createGuideService({ store: createGuideStore(t.db), isMetricId }).publish(
      { kind: "operator", label: "test" },
      guideFixture(),
    );
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = (url: string, who?: string) =>
    app.inject({ url, headers: who ? { cookie: cookies.get(who)! } : {} });
  async function post(
    url: string,
    fields: Record<string, string | string[]>,
    who: string,
    from = url,
  ) {
    const page = await get(from, who);
    expect(page.statusCode, `${from} for ${who}`).toBeLessThan(300);
    const body = new URLSearchParams({ _csrf: csrfOf(page.body) });
    for (const [k, v] of Object.entries(fields))
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return app.inject({
      method: "POST",
      url,
      headers: { cookie: cookies.get(who)!, "content-type": "application/x-www-form-urlencoded" },
      payload: body.toString(),
    });
  }

  it("sends readers to sign in, refuses other users, and shows authors the way in", async () => {
    const anon = await get("/guides/author");
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toMatch(/sign-in/);
    expect((await get("/guides/author", "member")).statusCode).toBe(403);
    expect((await get("/guides/test-flow/drafts/new", "member")).statusCode).toBe(403);
    const page = await get("/guides/author", "ann");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/guides/author"');
    expect((await get("/account", "member")).body).not.toContain("Guide authoring");
  });

  it("drafts, previews safely, reviews and publishes through the pages", async () => {
    const started = await post("/guides/test-flow/drafts/new", { step: "minor" }, "ann");
    expect(started.statusCode).toBe(303);
    const draft = started.headers.location as string;
    expect(draft).toMatch(/^\/guides\/drafts\/\d+$/);
    const overview = await get(draft, "ann");
    expect(overview.body).toContain("Test patient flow 1.1");
    expect(overview.body).toContain("changelog: add at least one entry");

    // A change idea with errors names its fields; a preview sanitises a script.
    const idea = `${draft}/sections/0/ideas/new`;
    const bad = await post(idea, { title: "", id: "Bad Id", action: "x" }, "ann");
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#title"');
    expect(bad.body).toContain('href="#id"');
    expect(bad.body).toContain('href="#whyItWorks"');
    const preview = await post(
      idea,
      {
        intent: "preview",
        title: "T",
        id: "t",
        action: '<script>alert(1)</script>**bold** <img src=x onerror="alert(2)">',
      },
      "ann",
    );
    expect(preview.statusCode, preview.body.slice(-3000)).toBe(200);
    expect(preview.body).toContain("<strong>bold</strong>");
    expect(preview.body).not.toContain("<script>alert(1)");
    expect(preview.body).not.toMatch(/<img[^>]*onerror/);
    const parts = {
      action: "Do it.",
      whyItWorks: "Because.",
      howToStart: "Start.",
      whatGoodLooksLike: "Good.",
      evidence: "Refs.",
    };
    const saved = await post(
      idea,
      { intent: "save", title: "New idea", id: "new-idea", measures: ["ae_4hr_all"], ...parts },
      "ann",
    );
    expect(saved.statusCode).toBe(303);
    const heading = await post(`${draft}/introduction`, { introduction: "## A heading" }, "ann");
    expect(heading.statusCode).toBe(400);
    expect(heading.body).toContain("level 5");

    const details = await post(
      `${draft}/details`,
      {
        title: "Test patient flow",
        summary: "S.",
        owner: "Team",
        careSettings: ["acute"],
        status: "interim",
        changelogText: "Added a new idea.",
        changelogAnswers: "FB-NOT VALID",
      },
      "ann",
    );
    expect(details.statusCode).toBe(400);
    expect(details.body).toContain('href="#changelogAnswers"');
    expect(
      (
        await post(
          `${draft}/details`,
          {
            title: "Test patient flow",
            summary: "S.",
            owner: "Team",
            careSettings: ["acute"],
            status: "interim",
            changelogText: "Added a new idea.",
            changelogAnswers: "UEC-FB-001",
          },
          "ann",
        )
      ).statusCode,
    ).toBe(303);
    expect((await post(`${draft}/submit`, {}, "ann", draft)).statusCode).toBe(303);
    const own = await post(`${draft}/approve`, {}, "ann", draft);
    expect(own.statusCode).toBe(403);
    expect(own.body).toContain("cannot review your own draft");
    const noComment = await post(`${draft}/request-changes`, { comment: "" }, "bob", draft);
    expect(noComment.statusCode).toBe(400);
    expect(noComment.body).toContain('href="#comment"');
    expect((await post(`${draft}/approve`, { comment: "Fine." }, "bob", draft)).statusCode).toBe(
      303,
    );
    expect((await post(`${draft}/publish`, {}, "ann", draft)).statusCode).toBe(303);
    const published = await get("/guides/test-flow/versions/1.1");
    expect(published.statusCode).toBe(200);
    expect(published.body).toContain("New idea");
    expect((await get("/guides/author", "bob")).body).toContain("Recently published");
  });
});
