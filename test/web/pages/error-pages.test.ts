// Friendly, consistent errors (issue 13): the site's error page for every error, JSON only where
// the client asked for it, and plain words for a query parameter a page cannot use.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors.js";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { parseGroupRef } from "../../../src/metrics/group-ref.js";
import { wantsJson } from "../../../src/web/error-pages.js";
import { appWith, directoryOf, emptyDashboard, emptyGroup, network, trust } from "./fakes.js";

const directory = directoryOf([trust]);
const json = { accept: "application/json" };
const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

/** The text of the error page's heading and message. */
function errorText(body: string): { title: string; message: string } {
  return {
    title: /<h1>([^<]*)<\/h1>/.exec(body)?.[1] ?? "",
    message: /<h1>[^<]*<\/h1>\s*<p>([^<]*)<\/p>/.exec(body)?.[1] ?? "",
  };
}

/** No Fastify code, CLI group syntax or regular expression in what a person reads. */
function expectPlain(text: string) {
  expect(text).not.toMatch(/FST_|geo-region|recommended:|orgs:A|&lt;|\[a-z|\^/);
}

// The site takes form bodies only, where a form is (app.ts): anything else is refused unread.
// A form over the limit answers 413 (test/web/hardening.test.ts, on a form route).
describe("an oversized request", () => {
  const big = "x".repeat(1_048_577);

  it("where no form is: the site's page-not-found page, not Fastify's JSON", async () => {
    const app = await appWith({ directory });
    for (const url of ["/org/RXX", "/", "/no-such-page"]) {
      const res = await app.inject({
        method: "POST",
        url,
        headers: { ...browser, "content-type": "text/plain" },
        payload: big,
      });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
      const { title } = errorText(res.body);
      expect(title).toBe("Page not found");
      expectPlain(res.body);
    }
  });

  it("gets a plain JSON error when the client asked for JSON", async () => {
    const app = await appWith({ directory });
    const res = await app.inject({
      method: "POST",
      url: "/org/RXX",
      headers: { ...json, "content-type": "application/json" },
      payload: `"${big}"`,
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json()).toEqual({
      statusCode: 404,
      error: "Page not found",
      message: expect.stringContaining("check it is correct"),
    });
  });
});

describe("a web address Fastify cannot route", () => {
  it("malformed (%ZZ): the error page, 400", async () => {
    const app = await appWith({ directory });
    const res = await app.inject({ url: "/org/%ZZ", headers: browser });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(errorText(res.body).message).toContain("The web address is not valid.");
    expectPlain(res.body);
  });

  it("too long: the error page, 414; JSON when asked", async () => {
    const app = await appWith({ directory });
    const url = `/org/${"A".repeat(300)}`;
    const res = await app.inject({ url, headers: browser });
    expect(res.statusCode).toBe(414);
    expect(errorText(res.body).message).toContain("The web address is too long.");
    const asJson = await app.inject({ url, headers: json });
    expect(asJson.json()).toMatchObject({ statusCode: 414 });
    expectPlain(asJson.body);
  });

  it("not found: the error page, or JSON when asked", async () => {
    const app = await appWith({ directory });
    expect(errorText((await app.inject("/no-such-page")).body).title).toBe("Page not found");
    const res = await app.inject({ url: "/no-such-page", headers: json });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, error: "Page not found" });
  });

  it("a failure of the service: the error page without details, 500", async () => {
    const app = await appWith({
      directory,
      analytics: { organisationDashboard: () => Promise.reject(new Error("connection lost")) },
    });
    const res = await app.inject("/org/RXX");
    expect(res.statusCode).toBe(500);
    expect(errorText(res.body).title).toBe("Sorry, there is a problem with the service");
    expect(res.body).not.toContain("connection lost");
  });
});

describe("a query parameter a page cannot use: 400 in plain words", () => {
  /** The analytics service, which names the command line's group forms for an unknown group. */
  const analytics = {
    organisationDashboard: async (_code: string, peers?: string) => {
      if (peers !== undefined && peers !== "acute") {
        parseGroupRef(peers);
        throw new UsageError(`Unknown peer group "${peers}" (a peer group id such as acute, …)`);
      }
      return emptyDashboard(trust);
    },
    metricDetail: async (_code: string, _metric: string, peers?: string) => {
      parseGroupRef(peers ?? "england");
      throw new UsageError(
        `Unknown group "${peers}" (a group is one of: england, geo-region:<code>, …)`,
      );
    },
  };

  it.each([
    ["/org/RXX?peers=nope", "There is no peer group “nope”."],
    ["/org/RXX?peers=geo-region:Y99", "There is no peer group “geo-region:Y99”."],
    ["/org/RXX?peers=kind:nonsense", "There is no peer group “kind:nonsense”."],
    // Well formed, but a region or ICB that does not exist: not an empty group compared with.
    ["/org/RXX?peers=geo-icb:QQQ", "There is no peer group “geo-icb:QQQ”."],
    // An organisation not held: a 400 about the peers, not a 404 as if the page were missing.
    [
      "/org/RXX?peers=orgs:NOPE,RXX,ZZZ",
      "There is no organisation with the code NOPE and ZZZ to compare with.",
    ],
    [
      "/org/RXX/metric/ae_4hr_all?peers=recommended:NOPE",
      "There is no organisation with the code NOPE to compare with.",
    ],
    ["/org/RXX?peers=%3Cscript%3E", "There is no peer group “&lt;script&gt;”."],
    ["/org/RXX?peers=a&peers=b", "There is no peer group."],
    ["/org/RXX/metric/ae_4hr_all?peers=nope", "There is no peer group “nope”."],
    ["/org/RXX/metric/ae_4hr_all.csv?peers=nope", "There is no peer group “nope”."],
    ["/org/RXX/metric/ae_4hr_all/spc.svg?peers=orgs:", "There is no peer group “orgs:”."],
    ["/org/RXX/metric/ae_4hr_all?level=90", "There is no confidence level “90”."],
    ["/org/RXX/metric/ae_4hr_all?history=merged", "There is no history view “merged”."],
    ["/organisations?kind=hospital", "There is no kind of organisation “hospital”."],
    ["/organisations?closed=maybe", "tick “Include closed organisations”"],
    [`/search?q=${"a".repeat(201)}`, "The search is too long."],
    ["/compare?orgs=RXX&metric=no_such_metric", "There is no metric “no_such_metric”."],
    ["/group/network:london-uec?metric=Bad!", "There is no metric “Bad!”."],
    ["/group/network:london-uec?metric=no_such_metric", "There is no metric “no_such_metric”."],
    ["/regions/Y56?metric=no_such_metric", "There is no metric “no_such_metric”."],
  ])("%s", async (url, expected) => {
    const groups = {
      network: async () => ({ ...emptyGroup("London UEC LIN"), network }),
      region: async () => emptyGroup("London"),
    };
    const app = await appWith({ directory, analytics, groups });
    const res = await app.inject({ url, headers: browser });
    expect(res.statusCode).toBe(400);
    const { title, message } = errorText(res.body);
    expect(title).toBe("There is a problem");
    expect(message).toContain(expected);
    // What the reader typed is repeated back; the rest is plain words.
    expectPlain(message.replace(/“[^”]*”/g, "“…”"));
    const asJson = await app.inject({ url, headers: json });
    expect(asJson.statusCode).toBe(400);
    expect(asJson.json()).toMatchObject({ statusCode: 400, error: "There is a problem" });
  });

  it("a metric the catalogue knows but the group has no data on is not found, not replaced", async () => {
    const metric = getMetric("ae_4hr_all")!;
    const app = await appWith({
      groups: {
        network: async () => ({
          ...emptyGroup("London UEC LIN"),
          network,
          metrics: [metric],
        }),
      },
    });
    const res = await app.inject("/group/network:london-uec?metric=kh03_occupancy_ga");
    expect(res.statusCode).toBe(404);
    expect(errorText(res.body).message).toBe(
      `There is no data on ${getMetric("kh03_occupancy_ga")!.title} for London UEC LIN.`.replace(
        "&",
        "&amp;",
      ),
    );
    expect((await app.inject("/group/network:london-uec?metric=ae_4hr_all")).statusCode).toBe(200);
  });
});

describe("whether a client asked for JSON", () => {
  it.each([
    [undefined, false],
    ["*/*", false],
    ["text/html", false],
    [browser.accept, false],
    ["application/json", true],
    ["application/json, text/plain, */*", true],
    ["text/html;q=0.5, application/json", true],
    ["text/html, application/json", false],
  ])("%s → %s", (accept, expected) => {
    expect(wantsJson(accept)).toBe(expected);
  });
});
