// Home, networks, search and organisations pages over fake services (no database).
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../../src/metrics/organisations.js";
import { appWith, directoryOf, emptyOverview, network, trust } from "./fakes.js";

const closedTrust: Organisation = {
  ...trust,
  orgCode: "RYY",
  name: "Old Trust",
  closeDate: "2020-03-31",
};

describe("home page", () => {
  it("renders with nothing held", async () => {
    const app = await appWith({ overview: { overview: async () => emptyOverview } });
    const res = await app.inject("/");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<h1>Improvement Hub</h1>");
  });

  it("links each network by its id", async () => {
    const app = await appWith({
      overview: { overview: async () => ({ ...emptyOverview, networks: [network] }) },
    });
    const res = await app.inject("/");
    expect(res.body).toContain('href="/networks/london-uec"');
  });
});

describe("networks page", () => {
  it("lists the networks", async () => {
    const app = await appWith({ directory: { networks: async () => [network] } });
    const res = await app.inject("/networks");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/networks/london-uec">London UEC LIN</a>');
  });
});

describe("search page", () => {
  const app = appWith({ directory: directoryOf([trust, closedTrust]) });

  it("an exact code opens the organisation", async () => {
    const res = await (await app).inject("/search?q=rxx");
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/org/RXX");
  });

  it("finds by name", async () => {
    const res = await (await app).inject("/search?q=example+hospitals");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/org/RXX"');
  });

  it("says when nothing matches", async () => {
    const res = await (await app).inject("/search?q=zzzzzz");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Nothing matches.");
  });

  it("refuses an overlong query", async () => {
    const res = await (await app).inject(`/search?q=${"a".repeat(201)}`);
    expect(res.statusCode).toBe(400);
  });
});

describe("organisations page", () => {
  const app = appWith({ directory: directoryOf([trust, closedTrust]) });

  it("lists acute trusts by region, open ones only", async () => {
    const res = await (await app).inject("/organisations");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/regions/Y56">London</a>');
    expect(res.body).toContain('href="/org/RXX"');
    expect(res.body).not.toContain("Old Trust");
  });

  it("includes closed organisations when asked", async () => {
    const res = await (await app).inject("/organisations?closed=include");
    expect(res.body).toContain("Old Trust");
    expect(res.body).toContain("Closed</strong>");
  });

  it("says when no organisation of a kind is held", async () => {
    const res = await (await app).inject("/organisations?kind=ambulance_trust");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("No organisations of this kind are held.");
  });

  it("refuses an unknown kind", async () => {
    const res = await (await app).inject("/organisations?kind=castle");
    expect(res.statusCode).toBe(400);
  });
});
