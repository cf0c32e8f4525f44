// An organisation's dashboard, its metric pages, the metric catalogue and a metric across England,
// over fake services (no database).
import { describe, expect, it } from "vitest";

import { appWith, directoryOf, emptyDashboard, noAnalytics, noReference, trust } from "./fakes.js";
import type { Organisation } from "../../../src/metrics/organisations.js";

const icb: Organisation = { ...trust, orgCode: "QWE", name: "Example ICB", kind: "icb" };
const successor: Organisation = { ...trust, orgCode: "RZZ", name: "New Trust" };
const closed: Organisation = {
  ...trust,
  orgCode: "RYY",
  name: "Old Trust",
  closeDate: "2020-03-31",
  successorCode: "RZZ",
};
const directory = directoryOf([trust, icb, successor, closed]);

describe("organisation dashboard", () => {
  it("shows an organisation with no data yet", async () => {
    const app = await appWith({
      directory,
      analytics: { organisationDashboard: async () => emptyDashboard(trust) },
    });
    const res = await app.inject("/org/RXX");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<h1>Example Hospitals NHS Trust</h1>");
    expect(res.body).toContain("has no values for any metric in the catalogue yet");
    // Closed trusts stay group members for their history; the count a reader sees is of open ones.
    expect(res.body).toContain(
      "All acute trusts in England (120 open organisations, and 10 closed ones kept for their history)",
    );
  });

  it("names a closed organisation's successor", async () => {
    const app = await appWith({
      directory: {
        ...directory,
        organisationReference: async () => ({
          ...noReference,
          successors: [
            {
              orgCode: "RZZ",
              name: "New Trust",
              kind: "acute_trust",
              effectiveDate: null,
              partial: false,
              split: false,
              note: null,
            },
          ],
        }),
      },
      analytics: { organisationDashboard: async () => emptyDashboard(closed) },
    });
    const res = await app.inject("/org/RYY");
    expect(res.body).toContain("closed on 31 March 2020");
    expect(res.body).toContain('<a href="/org/RZZ">New Trust</a>');
  });

  it("offers an ambulance trust the ambulance trusts as peers, selected by default, and no acute groups", async () => {
    const ambulance: Organisation = {
      ...trust,
      orgCode: "RYY",
      name: "Example Ambulance Service NHS Trust",
      kind: "ambulance_trust",
    };
    const app = await appWith({
      directory: directoryOf([ambulance]),
      analytics: {
        organisationDashboard: async () => ({
          ...emptyDashboard(ambulance),
          peers: {
            groupRef: "kind:ambulance_trust",
            name: "All ambulance trusts",
            members: 11,
            open: 11,
          },
        }),
      },
    });
    const body = (await app.inject("/org/RYY")).body;
    expect(body).toContain(
      '<option value="kind:ambulance_trust" selected>All ambulance trusts in England</option>',
    );
    expect(body).not.toContain("acute trusts");
    // An acute trust still starts with all acute trusts, selected.
    const acute = await appWith({
      directory,
      analytics: { organisationDashboard: async () => emptyDashboard(trust) },
    });
    expect((await acute.inject("/org/RXX")).body).toContain(
      '<option value="acute" selected>All acute trusts in England</option>',
    );
  });

  it("sends an ICB to its group dashboard", async () => {
    const app = await appWith({ directory });
    const res = await app.inject("/org/QWE");
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe("/icbs/QWE");
  });

  it("is not found for an unknown code", async () => {
    const app = await appWith({ directory });
    const res = await app.inject("/org/ZZZ");
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain("There is no organisation with the code ZZZ.");
  });

  it("refuses a malformed code", async () => {
    const app = await appWith({ directory });
    expect((await app.inject("/org/not-a-code!")).statusCode).toBe(400);
  });
});

describe("metric page of an organisation", () => {
  it("is not found for an unknown organisation", async () => {
    const app = await appWith({ directory, analytics: noAnalytics });
    expect((await app.inject("/org/ZZZ/metric/ae_4hr_all")).statusCode).toBe(404);
  });

  it("is not found for a metric the service does not know", async () => {
    const app = await appWith({ directory, analytics: noAnalytics });
    expect((await app.inject("/org/RXX/metric/no_such_metric")).statusCode).toBe(404);
  });

  it("refuses an unknown chart download", async () => {
    const app = await appWith({ directory, analytics: noAnalytics });
    expect((await app.inject("/org/RXX/metric/ae_4hr_all/pie.svg")).statusCode).toBe(400);
  });
});

describe("metrics", () => {
  it("lists the catalogue by topic", async () => {
    const app = await appWith();
    const res = await app.inject("/metrics");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/metric/ae_4hr_all"');
  });

  it("a metric across England is not found when the service does not know it", async () => {
    const app = await appWith({ analytics: noAnalytics });
    const res = await app.inject("/metric/no_such_metric");
    expect(res.statusCode).toBe(404);
  });
});
