/**
 * The board summary's downloads and the charts' PNGs through the app, on the synthetic demo: the
 * page links a PDF and an Excel workbook that keep its peer group, each answers as its type with
 * the organisation's rows, and the SPC chart downloads as a PNG beside its SVG.
 */
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppFromDatabase } from "../../../src/web/compose.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";
import { pdfPages } from "../../support/pdf-text.js";

let t: TestDatabase;
let app: FastifyInstance;
let org: string;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 6, months: 24, seed: 7 });
  app = await createAppFromDatabase({ db: t.db, pool: t.pool });
  const row = await t.db
    .selectFrom("organisations")
    .select("org_code")
    .where("kind", "=", "acute_trust")
    .orderBy("org_code")
    .executeTakeFirstOrThrow();
  org = row.org_code;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe("board summary downloads", () => {
  it("links a PDF and a workbook, keeping the peer group", async () => {
    const html = (await app.inject(`/org/${org}/board?peers=acute`)).body;
    expect(html).toContain(`href="/org/${org}/board.pdf?peers=acute"`);
    expect(html).toContain(`href="/org/${org}/board.xlsx?peers=acute"`);
  });

  it("serves the PDF with the organisation's name and metrics in its text", async () => {
    const res = await app.inject(`/org/${org}/board.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="${org}-board-summary.pdf"`,
    );
    const text = (await pdfPages(res.rawPayload)).join(" ").replace(/\s+/g, " ");
    expect(text).toContain(`· ${org}`);
    expect(text).toContain("Data version:");
  });

  it("serves the workbook with a sheet per section after About", async () => {
    const res = await app.inject(`/org/${org}/board.xlsx`);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.name).toBe("About");
    expect(book.worksheets.length).toBeGreaterThan(1);
    expect(book.worksheets[1]!.getRow(1).values).toContain("Variation code");
  });

  it("puts no request's Host into the file it keeps for every reader", async () => {
    const res = await app.inject({
      url: `/org/${org}/board.pdf?peers=acute`,
      headers: { host: "evil.example" },
    });
    const text = (await pdfPages(res.rawPayload)).join(" ");
    expect(text).toContain(`/org/${org}`);
    expect(text).not.toContain("evil.example");
  });

  it("answers 404 for an unknown organisation, as the page does", async () => {
    expect((await app.inject("/org/ZZ999/board.pdf")).statusCode).toBe(404);
  });
});

describe("chart PNG downloads", () => {
  it("draw the SPC chart as a PNG, linked beside the SVG", async () => {
    const page = (await app.inject(`/org/${org}/metric/ae_4hr_all`)).body;
    expect(page).toContain(`/org/${org}/metric/ae_4hr_all/spc.png`);
    expect(page).toContain("SPC chart (PNG)");
    const res = await app.inject(`/org/${org}/metric/ae_4hr_all/spc.png`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("image/png");
    expect(res.rawPayload.subarray(1, 4).toString()).toBe("PNG");
    expect(res.rawPayload.readUInt32BE(16)).toBe(1600);
  });
});
