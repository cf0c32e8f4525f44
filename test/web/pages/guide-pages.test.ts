// The guide reading pages over a demo database: the list, the current and an older version, the
// versions list, the measures beside an organisation's data and the ranked change ideas.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantOf } from "../../../src/accounts/roles.js";
import { createGuideService } from "../../../src/guides/service.js";
import { isMetricId } from "../../../src/metrics/catalogue/index.js";
import { createAccountStore } from "../../../src/storage/accounts-store.js";
import { createGuideStore } from "../../../src/storage/guides-store.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";
import { guideFixture } from "../../support/guide-fixture.js";
import { appWithSessions, signedInPerson } from "../../support/signed-in-app.js";

const ORG = "ZZ001";
let t: TestDatabase;
let app: FastifyInstance;
let memberCookie: string;
let twoOrgCookie: string;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 12, months: 24, seed: 5 });
  const guides = createGuideService({ store: createGuideStore(t.db), isMetricId });
  const operator = { kind: "operator", label: "test" } as const;
  await guides.publish(operator, guideFixture());
  await guides.publish(
    operator,
    guideFixture({
      version: "1.1",
      status: "final",
      published: "2026-03-01",
      changelog: [{ text: "Sharper criteria for direct access.", answers: ["FB-7"] }],
      sections: guideFixture().sections.map((s) => ({
        ...s,
        changeIdeas: s.changeIdeas.map((c) => ({
          ...c,
          action: "Let ambulance crews and GPs refer straight to SDEC.",
        })),
      })),
    }),
  );
  app = await appWithSessions(t);
  await app.ready();
  ({ cookie: memberCookie } = await signedInPerson(
    createAccountStore(t.db),
    { email: "member@example.nhs.uk", displayName: "Member" },
    [grantOf("organisation_member", ORG)],
  ));
  ({ cookie: twoOrgCookie } = await signedInPerson(
    createAccountStore(t.db),
    { email: "two@example.nhs.uk", displayName: "Two" },
    [grantOf("organisation_analyst", "ZZ002"), grantOf("organisation_member", ORG)],
  ));
}, 180_000);

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe("guide pages", () => {
  it("finds guides, change ideas and metrics in the site search", async () => {
    const res = await app.inject("/search?q=ambulance%20crews");
    expect(res.body).toContain("Change ideas (1)");
    expect(res.body).toContain('href="/guides/test-flow#idea-direct-access"');
    const guides = await app.inject("/search?q=patient%20flow");
    expect(guides.body).toMatch(/Guides \(1\)[\s\S]*href="\/guides\/test-flow"/);
    const metrics = await app.inject("/search?q=did%20not%20attend");
    expect(metrics.body).toContain('href="/metric/outpatient_did_not_attend_rate"');
    expect(metrics.body).toContain("No data source yet");
    const typo = await app.inject("/search?q=occupncy");
    expect(typo.body).toContain('href="/metric/ga_occupancy"');
  });

  it("links metric pages to the guides that track them, and shows measures with no data source yet", async () => {
    const national = await app.inject("/metric/ae_4hr_all");
    expect(national.body).toContain("Guides that use this measure");
    expect(national.body).toContain('href="/guides/test-flow#measure-ae_4hr_all"');
    expect(national.body).toContain('href="/guides/test-flow#idea-direct-access"');
    const local = await app.inject(`/org/${ORG}/metric/ae_4hr_all`);
    expect(local.body).toContain("Guides that use this measure");
    const planned = await app.inject("/metric/outpatient_did_not_attend_rate");
    expect(planned.statusCode).toBe(200);
    expect(planned.body).toContain("No data source yet");
    expect(planned.body).toContain("Hospital Episode Statistics (Outpatients)");
    const list = await app.inject("/metrics");
    expect(list.body).toContain("Measures with no data source yet");
  });

  it("compares two versions word by word, the previous with the current by default", async () => {
    const res = await app.inject("/guides/test-flow/compare");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      "1 change idea changed; 1 section changed; details changed (status).",
    );
    expect(res.body).toMatch(
      /<ins><span class="nhsuk-u-visually-hidden">\[added: <\/span>and GPs /,
    );
    expect(res.body).toContain("Sharper criteria for direct access.");
    expect(res.body).toContain('href="/guides/test-flow/versions/1.1#idea-direct-access"');
    const back = await app.inject("/guides/test-flow/compare?from=1.1&to=1.0");
    expect(back.body).toMatch(
      /<del><span class="nhsuk-u-visually-hidden">\[removed: <\/span>and GPs /,
    );
    expect(back.body).toContain("going back to an older version");
    const same = await app.inject("/guides/test-flow/compare?from=1.1&to=1.1");
    expect(same.body).toContain("You chose version 1.1 twice");
    expect((await app.inject("/guides/test-flow/compare?from=x")).statusCode).toBe(400);
    expect((await app.inject("/guides/test-flow/compare?from=9.9&to=1.0")).statusCode).toBe(404);
    expect((await app.inject("/guides/no-such-guide/compare")).statusCode).toBe(404);
  });

  it("lists every guide with its current version", async () => {
    const res = await app.inject("/guides");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/guides/test-flow">Test patient flow</a>');
    expect(res.body).toContain("1.1, Final, published 1 March 2026");
    expect(res.body).toContain('href="/guides"');
  });

  it("shows the current version with its sections, ideas, measures and changelog", async () => {
    const res = await app.inject("/guides/test-flow");
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('id="section-same-day-care"');
    expect(body).toContain('id="idea-direct-access"');
    expect(body).toContain('id="measures"');
    expect(body).toContain('id="measure-ae_4hr_all"');
    expect(body).toContain("<strong>improvement leads</strong>");
    expect(body).toContain("Sharper criteria for direct access.");
    expect(body).toContain("answers feedback FB-7");
    expect(body).not.toContain("This is not the current version");
    // Not signed in: a prompt to sign in, no feedback link; no organisation: a prompt to choose.
    expect(body).toContain("Sign in to give feedback on this change idea");
    expect(body).not.toContain("/feedback/new");
    expect(body).toContain("Choose an organisation to see its latest data");
  });

  it("says an old version is not the current one and links to the current and the changes", async () => {
    const res = await app.inject("/guides/test-flow/versions/1.0");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("This is not the current version");
    expect(res.body).toContain('href="/guides/test-flow/compare?from=1.0&amp;to=1.1"');
  });

  it("lists the versions newest first", async () => {
    const res = await app.inject("/guides/test-flow/versions");
    expect(res.statusCode).toBe(200);
    expect(res.body.indexOf("Version 1.1")).toBeLessThan(res.body.indexOf("Version 1.0"));
    expect(res.body).toContain('href="/guides/test-flow/versions/1.0"');
  });

  it("answers 404 for unknown or malformed guides and versions", async () => {
    for (const url of [
      "/guides/no-such-guide",
      "/guides/Bad_Id",
      "/guides/test-flow/versions/9.9",
      "/guides/test-flow/versions/x",
      "/guides/no-such-guide/versions",
    ])
      expect((await app.inject(url)).statusCode, url).toBe(404);
  });

  it("refuses an organisation code that is not one, naming it", async () => {
    const res = await app.inject("/guides/test-flow?org=NOPE9");
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("NOPE9");
    const region = await app.inject("/guides/test-flow?org=Y56");
    expect(region.statusCode).toBe(400);
    expect(region.body).toContain("is a group of organisations");
  });

  it("shows a chosen organisation's data beside each measure and ranks the ideas", async () => {
    const res = await app.inject(`/guides/test-flow?org=${ORG}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/org/${ORG}/metric/ae_4hr_all"`);
    expect(res.body).toContain("How the change ideas are ranked");
    expect(res.body).toContain('<option value="ZZ001" selected>');
  });

  it("uses a signed-in member's organisation and links to give feedback", async () => {
    const res = await app.inject({ url: "/guides/test-flow", headers: { cookie: memberCookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/org/${ORG}/metric/ae_4hr_all"`);
    expect(res.body).toContain(
      'href="/guides/test-flow/feedback/new?version=1.1&amp;section=same-day-care&amp;idea=direct-access"',
    );
  });

  it("offers a reader with several organisations each of them, showing the first", async () => {
    const res = await app.inject({ url: "/guides/test-flow", headers: { cookie: twoOrgCookie } });
    expect(res.body).toContain('href="/org/ZZ002/metric/ae_4hr_all"');
    expect(res.body).toContain('<a href="?org=ZZ001">');
    // Another organisation picked by the reader wins over their own.
    const other = await app.inject({
      url: "/guides/test-flow?org=ZZ001",
      headers: { cookie: twoOrgCookie },
    });
    expect(other.body).toContain('href="/org/ZZ001/metric/ae_4hr_all"');
  });

  it("never hides a measure: one without data for the organisation says so", async () => {
    const guides = createGuideService({ store: createGuideStore(t.db), isMetricId });
    await guides.publish(
      { kind: "operator", label: "test" },
      guideFixture({
        guideId: "no-data-guide",
        measures: [
          { metricId: "ae_4hr_all", role: "outcome" },
          { metricId: "kh03_occupancy_mental_illness", role: "process" },
        ],
      }),
    );
    const res = await app.inject(`/guides/no-data-guide?org=${ORG}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="measure-kh03_occupancy_mental_illness"');
    expect(res.body).toContain("the measure is not published for this kind of organisation");
  });
});
