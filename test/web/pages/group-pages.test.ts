// Network, region and ICB dashboards over a fake group dashboard service (no database).
import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../../src/errors.js";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import type { GroupDashboard } from "../../../src/metrics/dashboards/service.js";
import { appWith, emptyGroup, network } from "./fakes.js";

const metric = getMetric("ae_4hr_all")!;
const withData: GroupDashboard = {
  name: "London UEC LIN",
  members: [{ orgCode: "RXX", name: "Example Hospitals NHS Trust", kind: "acute_trust" }],
  metrics: [metric],
  rows: [
    {
      metric,
      periodType: "month",
      latest: {
        periodStart: "2026-01-01",
        numerator: 750,
        denominator: 1000,
        value: 75,
        reporting: 1,
      },
      england: 72.5,
      spc: null,
      members: [
        {
          orgCode: "RXX",
          name: "Example Hospitals NHS Trust",
          value: 75,
          period: "2026-01-01",
          spc: null,
        },
      ],
    },
  ],
};

describe("network dashboard", () => {
  it("shows the group's value, England's and each member's", async () => {
    const app = await appWith({ groups: { network: async () => ({ ...withData, network }) } });
    const res = await app.inject("/group/network:london-uec");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<h1>London UEC LIN</h1>");
    expect(res.body).toContain('href="/org/RXX/metric/ae_4hr_all"');
    expect(res.body).toContain('href="/org/RXX"');
  });

  it("shows a quarterly metric in its own periods (KH03 beds)", async () => {
    const kh03 = getMetric("kh03_occupancy_ga")!;
    const quarterly: GroupDashboard = {
      ...withData,
      metrics: [kh03],
      rows: [{ ...withData.rows[0]!, metric: kh03, periodType: "quarter", members: [] }],
    };
    const app = await appWith({ groups: { network: async () => ({ ...quarterly, network }) } });
    const res = await app.inject("/group/network:london-uec");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Jan–Mar 2026");
    expect(res.body).not.toContain("January 2026");
  });

  it("says when no member has data", async () => {
    const app = await appWith({
      groups: { network: async () => ({ ...emptyGroup(network.name), network }) },
    });
    const res = await app.inject("/group/network:london-uec");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("No data: no member of London UEC LIN has reported");
  });

  it("is not found for an unknown network", async () => {
    const app = await appWith({
      groups: {
        network: (id) => Promise.reject(new NotFoundError(`There is no network "${id}".`)),
      },
    });
    const res = await app.inject("/group/network:nowhere");
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain("There is no network");
  });

  it("refuses a malformed id or metric", async () => {
    const app = await appWith();
    expect((await app.inject("/group/network:NOT_AN_ID")).statusCode).toBe(400);
    expect((await app.inject("/group/network:london-uec?metric=Bad!")).statusCode).toBe(400);
  });
});

describe("region and ICB dashboards", () => {
  it("a region", async () => {
    const app = await appWith({ groups: { region: async () => emptyGroup("London") } });
    const res = await app.inject("/regions/Y56");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<h1>London</h1>");
    expect(res.body).toContain("NHS England region");
  });

  it("an unknown region is not found", async () => {
    const app = await appWith({
      groups: {
        region: (c) => Promise.reject(new NotFoundError(`There is no NHS England region ${c}.`)),
      },
    });
    expect((await app.inject("/regions/Y99")).statusCode).toBe(404);
  });

  it("a malformed ICB code is refused", async () => {
    const app = await appWith();
    expect((await app.inject("/icbs/qwe")).statusCode).toBe(400);
  });
});
