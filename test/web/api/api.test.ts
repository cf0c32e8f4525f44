/**
 * The API's behaviour over a demo database: paging, caching, formats, callers and rate limits,
 * bad requests, and posted SPC equal to the engine's own answer.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyseSpc } from "../../../src/stats/spc/index.js";
import type { SpcResult } from "../../../src/stats/spc/index.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";
import { apiTestApp, GOOD_TOKEN } from "./api-app.js";

let t: TestDatabase;
let app: FastifyInstance;
let orgCode: string;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 12, months: 24, seed: 5 });
  app = await apiTestApp(t);
  const orgs = await app.inject({ url: "/api/v1/organisations?kind=acute_trust&limit=1" });
  orgCode = (orgs.json() as { data: { orgCode: string }[] }).data[0]!.orgCode;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

interface Page<T> {
  data: T[];
  next: string | null;
}

async function walk<T>(url: string, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes("?") ? "&" : "?";
    const res = await app.inject({
      url: `${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page<T>;
    expect(page.data.length).toBeLessThanOrEqual(limit);
    items.push(...page.data);
    cursor = page.next;
    pages++;
  } while (cursor !== null && pages < 1000);
  return { items, pages };
}

describe("paging", () => {
  it("walks the organisations to the end, in orgCode order, without duplicates or gaps", async () => {
    const all = (await app.inject({ url: "/api/v1/organisations?limit=1000" })).json() as Page<{
      orgCode: string;
    }>;
    expect(all.next).toBeNull();
    expect(all.data.length).toBeGreaterThan(5);
    const { items, pages } = await walk<{ orgCode: string }>("/api/v1/organisations", 3);
    expect(pages).toBe(Math.ceil(all.data.length / 3));
    expect(items.map((o) => o.orgCode)).toEqual(all.data.map((o) => o.orgCode));
    expect(new Set(items.map((o) => o.orgCode)).size).toBe(items.length);
    const codes = items.map((o) => o.orgCode);
    expect([...codes].sort()).toEqual(codes);
  });

  it("walks a series of values in period order", async () => {
    const all = (
      await app.inject({ url: `/api/v1/values?orgCode=${orgCode}&metricId=ae_4hr_all&limit=1000` })
    ).json() as Page<{ period: string }>;
    expect(all.data.length).toBeGreaterThan(10);
    const { items } = await walk<{ period: string }>(
      `/api/v1/values?orgCode=${orgCode}&metricId=ae_4hr_all`,
      7,
    );
    expect(items.map((v) => v.period)).toEqual(all.data.map((v) => v.period));
    const from = all.data[3]!.period;
    const to = all.data[8]!.period;
    const ranged = (
      await app.inject({
        url: `/api/v1/values?orgCode=${orgCode}&metricId=ae_4hr_all&from=${from}&to=${to}`,
      })
    ).json() as Page<{ period: string }>;
    expect(ranged.data.map((v) => v.period)).toEqual(all.data.slice(3, 9).map((v) => v.period));
  });

  it("refuses a cursor that is not one of the list's, naming it", async () => {
    const res = await app.inject({ url: "/api/v1/organisations?cursor=abc" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ parameter: "query.cursor", value: "abc" });
  });

  it("defaults to 100 a page and refuses more than 1000", async () => {
    const metrics = (await app.inject({ url: "/api/v1/metrics" })).json() as Page<unknown>;
    expect(metrics.data.length).toBe(100);
    expect(metrics.next).not.toBeNull();
    const res = await app.inject({ url: "/api/v1/metrics?limit=1001" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({
      parameter: "query.limit",
      value: "1001",
    });
  });
});

describe("caching", () => {
  it("sends an ETag and answers 304 to If-None-Match; public for a minute to anonymous callers", async () => {
    const first = await app.inject({ url: "/api/v1/metrics/ae_4hr_all" });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers["cache-control"]).toBe("public, max-age=60");
    const again = await app.inject({
      url: "/api/v1/metrics/ae_4hr_all",
      headers: { "if-none-match": etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    const other = await app.inject({
      url: "/api/v1/metrics/ae_4hr_all_type1",
      headers: { "if-none-match": etag },
    });
    expect(other.statusCode).not.toBe(304);
  });

  it("keeps a token caller's answers private and never sets a cookie", async () => {
    const res = await app.inject({
      url: "/api/v1/metrics/ae_4hr_all",
      headers: { authorization: `Bearer ${GOOD_TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect(res.headers["set-cookie"]).toBeUndefined();
  });
});

describe("formats", () => {
  it("answers a list in CSV for Accept: text/csv and for ?format=csv", async () => {
    const byHeader = await app.inject({
      url: "/api/v1/organisations?limit=4",
      headers: { accept: "text/csv" },
    });
    expect(byHeader.statusCode).toBe(200);
    expect(byHeader.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = byHeader.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe("orgCode,name,kind,subtype,regionCode,icbCode,closeDate");
    expect(lines).toHaveLength(5);
    const byQuery = await app.inject({ url: "/api/v1/organisations?limit=4&format=csv" });
    expect(byQuery.body).toBe(byHeader.body);
    expect(String(byQuery.headers.etag)).not.toBe(
      String((await app.inject({ url: "/api/v1/organisations?limit=4" })).headers.etag),
    );
  });

  it("neutralises a hostile name in CSV (formula injection) and keeps it as sent in JSON", async () => {
    const hostile = '=HYPERLINK("http://evil.example","click")';
    await t.db
      .insertInto("organisations")
      .values({
        ...{ org_code: "ZZ9H1", name: hostile, kind: "acute_trust", region_code: null },
        ...{ icb_code: null, postcode: null, open_date: null, close_date: null },
        ...{ successor_code: null, source: "test", updated_at: new Date().toISOString() },
      })
      .execute();
    const csv = await app.inject({ url: "/api/v1/organisations?q=ZZ9H1&format=csv" });
    expect(csv.body.split("\r\n")[1]).toMatch(/^ZZ9H1,"'=HYPERLINK\(""http/);
    const json = await app.inject({ url: "/api/v1/organisations?q=ZZ9H1" });
    expect(json.json().data[0].name).toBe(hostile);
  });

  it("answers JSON to any type (curl's and fetch's default Accept) and CSV to any text", async () => {
    for (const accept of ["*/*", "application/*", "text/html, */*;q=0.8"]) {
      const res = await app.inject({ url: "/api/v1/metrics", headers: { accept } });
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
    }
    const csv = await app.inject({ url: "/api/v1/metrics", headers: { accept: "text/*" } });
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
  });

  it("answers 406 in JSON to an Accept it cannot meet", async () => {
    const res = await app.inject({
      url: "/api/v1/metrics/ae_4hr_all",
      headers: { accept: "text/html" },
    });
    expect(res.statusCode).toBe(406);
    expect(res.json().error.code).toBe("not_acceptable");
  });

  it("refuses a form body with 415 and malformed JSON with 400, in the error shape", async () => {
    const form = await app.inject({
      method: "POST",
      url: "/api/v1/spc",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "points=1",
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe("unsupported_media_type");
    const broken = await app.inject({
      method: "POST",
      url: "/api/v1/spc",
      headers: { "content-type": "application/json" },
      payload: "{",
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe("bad_request");
  });

  it("answers a malformed address with a JSON 400, never an HTML page", async () => {
    const res = await app.inject({ url: "/api/v1/organisations/%E0%A4%A" });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json().error.code).toBe("bad_request");
  });

  it("answers an unknown path with a JSON 404, never an HTML page", async () => {
    const res = await app.inject({ url: "/api/v1/no-such-thing" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json()).toEqual({
      error: { code: "not_found", message: expect.stringContaining("/api/v1/no-such-thing") },
    });
  });
});

describe("bad requests", () => {
  it("names the parameter and the value", async () => {
    const res = await app.inject({ url: "/api/v1/organisations?kind=castle" });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain('query.kind "castle"');
    expect(body.error.details[0]).toMatchObject({ parameter: "query.kind", value: "castle" });
  });

  it("refuses an unknown query parameter rather than ignore it", async () => {
    const res = await app.inject({ url: "/api/v1/organisations?knid=acute_trust" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain("knid");
  });

  it("refuses a posted option the engine does not take, naming it", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/spc",
      payload: { points: [], options: { runLength: 8 } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].parameter).toBe("body.options.runLength");
  });
});

describe("callers and rate limits", () => {
  it("answers 401 to a malformed, unknown or revoked token, never falling back to anonymous", async () => {
    for (const authorization of ["Bearer revoked-token", "Basic abc", "Bearer "]) {
      const res = await app.inject({ url: "/api/v1/metrics", headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe("unauthorized");
      expect(res.headers["www-authenticate"]).toContain("Bearer");
    }
  });

  it("limits anonymous callers per address, with the headers and Retry-After on 429", async () => {
    // An hour's window: the test never straddles two (fixed windows start on the hour).
    const limited = await apiTestApp(t, { anonymousLimit: 2, windowSeconds: 3600 });
    try {
      const ask = (ip: string) =>
        limited.inject({ url: "/api/v1/metrics/ae_4hr_all", remoteAddress: ip });
      const first = await ask("10.0.0.1");
      expect(first.headers["ratelimit-limit"]).toBe("2");
      expect(first.headers["ratelimit-remaining"]).toBe("1");
      expect((await ask("10.0.0.1")).statusCode).toBe(200);
      const refused = await ask("10.0.0.1");
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe("rate_limited");
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect(refused.headers["ratelimit-remaining"]).toBe("0");
      expect((await ask("10.0.0.2")).statusCode).toBe(200);
      // Guessing tokens spends the address's allowance too.
      const guess = () =>
        limited.inject({
          url: "/api/v1/metrics/ae_4hr_all",
          remoteAddress: "10.0.0.3",
          headers: { authorization: "Bearer guess" },
        });
      expect((await guess()).statusCode).toBe(401);
      expect((await guess()).statusCode).toBe(401);
      expect((await guess()).statusCode).toBe(429);
      const token = await limited.inject({
        url: "/api/v1/metrics/ae_4hr_all",
        remoteAddress: "10.0.0.1",
        headers: { authorization: `Bearer ${GOOD_TOKEN}` },
      });
      expect(token.statusCode).toBe(200);
      expect(token.headers["ratelimit-limit"]).toBe("100000");
    } finally {
      await limited.close();
    }
  });
});

describe("SPC", () => {
  it("gives for a posted series exactly what src/stats/spc gives, every option passed through", async () => {
    // A shift up after the 21st month, and one month missing.
    const points = Array.from({ length: 30 }, (_, i) => ({
      date: new Date(Date.UTC(2022, i, 1)).toISOString().slice(0, 10),
      value: i === 9 ? null : 40 + Math.sin(i) * 5 + (i > 20 ? 12 : 0),
    }));
    const options = {
      chart: "xmr",
      improvementDirection: "decrease",
      target: 45,
      rebase: [points[21]!.date],
      fixAfterNPoints: 12,
      screenOutliers: false,
      runLength: 6,
      twoInThree: "mdc2023",
      trialLimitMinimum: 10,
    } as const;
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/spc",
      payload: { points, options },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const got = res.json() as SpcResult;
    const expected = analyseSpc(points, options);
    expect(got.options).toEqual(expected.options);
    expect(got.summary).toEqual(expected.summary);
    expect(got.points).toHaveLength(expected.points.length);
    for (const [i, p] of expected.points.entries()) {
      const q = got.points[i]!;
      for (const key of ["value", "mean", "lpl", "upl", "nearLpl", "nearUpl"] as const) {
        if (p[key] === null) expect(q[key]).toBeNull();
        else expect(Math.abs(q[key]! - p[key])).toBeLessThanOrEqual(1e-9);
      }
      expect(q.specialCause).toBe(p.specialCause);
      expect(q.pointType).toBe(p.pointType);
    }
    expect(got.groups).toHaveLength(2);
  });

  it("refuses points the engine refuses, naming the point", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/spc",
      payload: {
        points: [
          { date: "2025-01-01", numerator: 3, denominator: 10 },
          { date: "2025-02-01", numerator: 12, denominator: 10 },
        ],
        options: { chart: "p" },
      },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details[0].parameter).toBe("body.points.1.numerator");
  });

  it("analyses a stored series, and 404s an organisation or metric that does not exist", async () => {
    const res = await app.inject({
      url: `/api/v1/organisations/${orgCode}/metrics/ae_4hr_all/spc`,
    });
    expect(res.statusCode).toBe(200);
    const spc = res.json() as SpcResult;
    expect(spc.points.length).toBeGreaterThan(10);
    expect(spc.summary.variationIcon).toBeTypeOf("string");
    const rebased = await app.inject({
      url: `/api/v1/organisations/${orgCode}/metrics/ae_4hr_all/spc?rebaseAt=${spc.points[12]!.date}`,
    });
    expect(rebased.statusCode).toBe(200);
    expect((rebased.json() as SpcResult).groups.length).toBe(2);
    expect(
      (await app.inject({ url: "/api/v1/organisations/ZZ98765/metrics/ae_4hr_all/spc" }))
        .statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ url: `/api/v1/organisations/${orgCode}/metrics/nope/spc` })).statusCode,
    ).toBe(404);
  });
});
