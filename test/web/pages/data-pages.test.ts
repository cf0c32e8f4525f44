// The data sources page, compare, health probes and the not-found page over fake services.
import { describe, expect, it } from "vitest";
import { appWith, directoryOf, emptyDataSources, trust } from "./fakes.js";

describe("data sources page", () => {
  it("renders with nothing imported", async () => {
    const app = await appWith({ coverage: { dataSources: async () => emptyDataSources } });
    const res = await app.inject("/data");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Nothing has been imported yet.");
  });

  it("says how long ago each source was imported", async () => {
    const app = await appWith({
      coverage: {
        dataSources: async () => ({
          sources: [
            {
              source: "ae",
              title: "A&E attendances",
              precedence: 10,
              values: 12,
              metrics: 1,
              organisations: 1,
              firstPeriod: "2025-01-01",
              latestPeriod: "2025-12-01",
              lastImport: new Date("2026-03-12T09:00:00Z"),
              imports: 1,
              flags: [{ source: "ae", flag: "suppressed_value", count: 3 }],
            },
          ],
          imports: [],
        }),
      },
    });
    const res = await app.inject("/data");
    expect(res.body).toContain("3 days ago");
    expect(res.body).toContain("suppressed value: 3");
  });
});

describe("compare page", () => {
  const directory = directoryOf([trust]);

  it("lists unknown codes and organisations without data", async () => {
    const app = await appWith({
      directory,
      coverage: { seriesOf: async (codes) => codes.map(() => []) },
    });
    const res = await app.inject("/compare?orgs=rxx,ZZZ&metric=ae_4hr_all");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("ZZZ");
    expect(res.body).toContain('href="/org/RXX/metric/ae_4hr_all"');
    expect(res.body).toContain("No data");
  });

  it("draws a chart when there is data", async () => {
    const app = await appWith({
      directory,
      coverage: {
        seriesOf: async () => [
          [
            { periodStart: "2025-11-01", value: 70 },
            { periodStart: "2025-12-01", value: 72 },
          ],
        ],
      },
    });
    const res = await app.inject("/compare?orgs=RXX");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<svg");
  });

  it("says that counts side by side reflect size (issue 11, defect 1)", async () => {
    const app = await appWith({
      directory,
      coverage: { seriesOf: async () => [[{ periodStart: "2025-12-01", value: 30199 }]] },
    });
    const counts = await app.inject("/compare?orgs=RXX&metric=ae_dta_4hr_waits");
    expect(counts.body).toContain("A count grows with the organisation");
    const rates = await app.inject("/compare?orgs=RXX&metric=ae_4hr_all");
    expect(rates.body).not.toContain("A count grows with the organisation");
  });

  it("refuses more than 10 organisations, bad codes and unknown metrics", async () => {
    const app = await appWith({ directory });
    const eleven = Array.from({ length: 11 }, (_, i) => `R${i}X`).join(",");
    expect((await app.inject(`/compare?orgs=${eleven}`)).statusCode).toBe(400);
    expect((await app.inject("/compare?orgs=R!X")).statusCode).toBe(400);
    expect((await app.inject("/compare?orgs=RXX&metric=no_such_metric")).statusCode).toBe(400);
  });
});

describe("health and not found", () => {
  it("readyz follows the directory's storage", async () => {
    expect(
      (await (await appWith({ directory: { ready: async () => true } })).inject("/readyz"))
        .statusCode,
    ).toBe(200);
    const down = await (
      await appWith({ directory: { ready: async () => false } })
    ).inject("/readyz");
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: "unavailable", reason: "database unreachable" });
  });

  it("an unknown path is a 404 page", async () => {
    const res = await (await appWith()).inject("/no/such/page");
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain("Page not found");
  });
});
