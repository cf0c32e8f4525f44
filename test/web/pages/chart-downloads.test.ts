// Issue 14, item 4: a chart downloaded as SVG (/org/:code/metric/:id/:chart.svg) must be a
// well-formed XML document (it had two xmlns attributes on its root). Every chart of a metric
// page, over the real engine on a test database, parsed by an XML validator; and the charts of the
// other pages (England, a region, a comparison) as SVG and 1,600-pixel PNG files.
import type { FastifyInstance } from "fastify";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReference } from "../../../src/storage/reference.js";
import { createAppFromDatabase } from "../../../src/web/compose.js";
import { testDatabase, type TestDatabase } from "../../support/db.js";

const trusts = ["ZS1", "ZS2", "ZS3", "ZS4", "ZS5", "ZS6"];

describe("chart downloads", () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    await t.pool.query(
      `INSERT INTO organisations (org_code, name, kind, region_code, source)
       SELECT code, 'Trust ' || code || ' & <Partners>', 'acute_trust', 'Y56', 'test' FROM unnest($1::text[]) code`,
      [trusts],
    );
    const rows: string[] = [];
    trusts.forEach((org, i) => {
      for (let m = 0; m < 24; m++) {
        const month = `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}-01`;
        const den = 1000 + 100 * i;
        const num = Math.round(den * (0.6 + 0.04 * i + 0.01 * ((m * 7 + i) % 5)));
        rows.push(
          `('${org}', 'ae_4hr_all', 'month', '${month}', 'ae-monthly', ${num}, ${den}, ${(100 * num) / den})`,
        );
      }
    });
    await t.pool.query(
      `INSERT INTO metric_values (org_code, metric_id, period_type, period_start, source, numerator, denominator, value)
       VALUES ${rows.join(", ")}`,
    );
    app = await createAppFromDatabase({ db: t.db, pool: t.pool });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  for (const chart of ["spc", "benchmark", "funnel"]) {
    it(`${chart}.svg is well-formed XML with one SVG namespace`, async () => {
      const res = await app.inject(`/org/ZS1/metric/ae_4hr_all/${chart}.svg`);
      expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^image\/svg\+xml/);
      expect(XMLValidator.validate(res.body)).toBe(true);
      const root = /<svg\b[^>]*>/.exec(res.body)?.[0] ?? "";
      expect(root.match(/\bxmlns=/g)).toHaveLength(1);
    });
  }

  // Every other page's charts (src/web/exports/page-downloads.ts): linked from the figure, an SVG
  // file that is well-formed XML, and a PNG drawn on the server 1,600 pixels wide.
  const pages = [
    { page: "/metric/ae_4hr_all", base: "/metric/ae_4hr_all", chart: "england-spc", query: "" },
    {
      page: "/regions/Y56?metric=ae_4hr_all",
      base: "/regions/Y56",
      chart: "group-ae_4hr_all",
      query: "?metric=ae_4hr_all",
    },
    {
      page: "/compare?orgs=ZS1,ZS2&metric=ae_4hr_all",
      base: "/compare",
      chart: "compare",
      query: "?orgs=ZS1,ZS2&metric=ae_4hr_all",
    },
  ];
  for (const { page, base, chart, query } of pages) {
    it(`${page}: its chart downloads as SVG and PNG, linked from the figure`, async () => {
      const html = (await app.inject(page)).body;
      const png = `${base}/downloads/${chart}.png${query}`;
      expect(html).toContain(`href="${png.replace(/&/g, "&amp;")}"`);
      const svg = await app.inject(`${base}/downloads/${chart}.svg${query}`);
      expect(svg.statusCode, svg.body.slice(0, 300)).toBe(200);
      expect(svg.headers["content-type"]).toMatch(/^image\/svg\+xml/);
      expect(XMLValidator.validate(svg.body)).toBe(true);
      const res = await app.inject(png);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("image/png");
      expect(res.headers["content-disposition"]).toMatch(/attachment; filename=".+\.png"/);
      // The PNG signature, then the IHDR chunk's width (bytes 16 to 19, big-endian).
      expect(res.rawPayload.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(res.rawPayload.readUInt32BE(16)).toBe(1600);
    });
  }

  it("refuses a chart a page does not draw, and a table as a picture", async () => {
    expect((await app.inject("/metric/ae_4hr_all/downloads/no-such.svg")).statusCode).toBe(404);
    expect((await app.inject("/metric/ae_4hr_all/downloads/regions.png")).statusCode).toBe(404);
    expect((await app.inject("/metric/ae_4hr_all/downloads/Bad.Name.csv")).statusCode).toBe(400);
  });
});
