/**
 * `improve sync` against a local HTTP server (node:http on 127.0.0.1, port 0) serving the A&E
 * monthly fixtures: 200 → import, 304 → nothing, 500 then 200 → retried, oversize → refused,
 * landing page → newest link followed, schedule → not due. ZIP publications (archives generated
 * here, test/support/zip.ts): the entries an `entry` glob chooses imported, a landing page's .zip
 * link followed, corrupt / CSV-less / oversize archives refused with nothing imported.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSyncConfig, type SyncConfig } from "../../src/ingest/sync/config.js";
import { findLatestLink } from "../../src/ingest/sync/landing.js";
import { syncPublications, type SyncOptions } from "../../src/ingest/sync/run.js";
import { isDue } from "../../src/ingest/sync/schedule.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { zipArchive } from "../support/zip.js";

const fixtures = path.join(process.cwd(), "test", "fixtures", "ae-monthly");
const TIDY = "org_code,metric_id,period_start,period_type,numerator,denominator,value";
const tidyZip = zipArchive([
  { name: "README.txt", data: "Two months of a tidy upload" },
  { name: "tidy/a-2020-01.csv", data: `${TIDY}\nZZS01,ae_4hr_all,2020-01-01,month,5,10,\n` },
  { name: "tidy/b-2020-02.csv", data: `${TIDY}\nZZS01,ae_4hr_all,2020-02-01,month,6,10,\n` },
]);

describe("sync from official sources", () => {
  let t: TestDatabase;
  let server: http.Server;
  let base = "";
  let dir = "";
  const requests: { url: string; headers: http.IncomingHttpHeaders }[] = [];
  /** Responses to give per path before serving the file (e.g. [500] to fail once). */
  const failures = new Map<string, number[]>();
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-sync-"));
    files.set("/data/march.csv", await fs.readFile(path.join(fixtures, "ae-monthly-2024-03.csv")));
    files.set("/data/april.csv", await fs.readFile(path.join(fixtures, "ae-monthly-2024-04.csv")));
    files.set("/data/big.csv", Buffer.alloc(5000, 65));
    files.set("/data/tidy.zip", tidyZip);
    files.set("/files/tidy-latest.zip", tidyZip);
    files.set("/data/corrupt.zip", tidyZip.subarray(0, 100));
    files.set("/data/no-csv.zip", zipArchive([{ name: "notes.pdf", data: "%PDF-1.4" }]));
    files.set(
      "/data/big-entry.zip",
      zipArchive([
        {
          name: "big.csv",
          data: `${TIDY}\n` + "ZZS02,ae_4hr_all,2020-01-01,month,5,10,\n".repeat(50),
        },
      ]),
    );
    server = http.createServer((req, res) => {
      const url = req.url ?? "/";
      requests.push({ url, headers: req.headers });
      const queued = failures.get(url);
      if (queued && queued.length > 0) {
        res.writeHead(queued.shift()!).end("try later");
        return;
      }
      if (url === "/landing-zip") {
        res
          .writeHead(200, { "content-type": "text/html" })
          .end(
            `<a href="/data/big.csv">CSV</a><a href="../files/tidy-latest.zip">Tidy data (ZIP, 1 KB)</a>`,
          );
        return;
      }
      if (url === "/landing") {
        res
          .writeHead(200, { "content-type": "text/html" })
          .end(
            `<html><body><a href="/about">About</a><a href="data/april.csv">Monthly-AE-April-2024 (CSV)</a><a href="/data/march.csv">March</a></body></html>`,
          );
        return;
      }
      const body = files.get(url);
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      const etag = `"${createHash("sha1").update(body).digest("hex")}"`;
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304).end();
        return;
      }
      res
        .writeHead(200, {
          etag,
          "last-modified": "Thu, 11 Apr 2024 09:30:00 GMT",
          "content-type": url.endsWith(".zip") ? "application/zip" : "text/csv",
        })
        .end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const config = (publications: unknown[], extra: Partial<SyncConfig> = {}) =>
    parseSyncConfig({ publications, retries: 2, backoffMs: 1, ...extra }, "test config");
  const options = (extra: Partial<SyncOptions> = {}): SyncOptions => ({
    fetch: (url, init) => fetch(url, init),
    downloadDir: dir,
    force: true,
    ...extra,
  });
  const pub = (name: string, file: string) => ({
    name,
    url: `${base}${file}`,
    format: "ae-monthly",
    schedule: "daily",
  });

  it("downloads a file (200) and imports it in the configured format", async () => {
    const [result] = await syncPublications(
      t,
      config([pub("march", "/data/march.csv")]),
      options(),
    );
    expect(result).toMatchObject({ name: "march", status: "imported" });
    expect(result?.file?.startsWith(path.join(dir, "march"))).toBe(true);
    const values = await t.db
      .selectFrom("metric_values")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("source", "=", "ae-monthly")
      .executeTakeFirstOrThrow();
    expect(Number(values.n)).toBeGreaterThan(0);
    const state = await t.db
      .selectFrom("sync_state")
      .selectAll()
      .where("name", "=", "march")
      .executeTakeFirstOrThrow();
    expect(state).toMatchObject({ status: "imported", import_id: result?.importId });
    expect(state.etag).toMatch(/^"/);
  });

  it("sends the validators next time and does nothing on 304", async () => {
    const before = await t.db
      .selectFrom("imports")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const [result] = await syncPublications(
      t,
      config([pub("march", "/data/march.csv")]),
      options(),
    );
    expect(result?.status).toBe("not_modified");
    const last = requests.at(-1)!;
    expect(last.headers["if-none-match"]).toMatch(/^"/);
    expect(last.headers["if-modified-since"]).toBe("Thu, 11 Apr 2024 09:30:00 GMT");
    const after = await t.db
      .selectFrom("imports")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });

  it("retries a 500 with backoff and then imports", async () => {
    failures.set("/data/april.csv", [500, 503]);
    const sleeps: number[] = [];
    const [result] = await syncPublications(
      t,
      config([pub("april", "/data/april.csv")]),
      options({ sleep: async (ms) => void sleeps.push(ms) }),
    );
    expect(result?.status).toBe("imported");
    expect(sleeps).toEqual([1, 2]);
  });

  it("gives up after the configured retries and records the failure", async () => {
    failures.set("/data/march.csv", [500, 500, 500]);
    const [result] = await syncPublications(
      t,
      config([pub("march-down", "/data/march.csv")]),
      options({ sleep: async () => undefined }),
    );
    expect(result).toMatchObject({ status: "failed" });
    expect(result?.message).toMatch(/HTTP 500/);
    const state = await t.db
      .selectFrom("sync_state")
      .selectAll()
      .where("name", "=", "march-down")
      .executeTakeFirstOrThrow();
    expect(state.status).toBe("failed");
  });

  it("refuses a download over the size limit and keeps no partial file", async () => {
    const [result] = await syncPublications(
      t,
      config([pub("big", "/data/big.csv")], { maxBytes: 1000 }),
      options(),
    );
    expect(result?.status).toBe("failed");
    expect(result?.message).toMatch(/over the 1000-byte limit|passed the 1000-byte limit/);
    expect(await fs.readdir(path.join(dir, "big")).catch(() => [])).toEqual([]);
  });

  it("scans a landing page for the newest matching link", async () => {
    expect(
      findLatestLink(
        `<a href="/x.pdf">x</a><a href='b/Monthly-AE-May-2024.csv'>`,
        "https://example.org/stats/page/",
        "Monthly-AE-.*\\.csv$",
      ),
    ).toBe("https://example.org/stats/page/b/Monthly-AE-May-2024.csv");
    const [result] = await syncPublications(
      t,
      config([
        {
          name: "landing",
          landingPage: `${base}/landing`,
          linkPattern: "\\.csv$",
          format: "ae-monthly",
          schedule: "monthly",
        },
      ]),
      options(),
    );
    expect(result?.url).toBe(`${base}/data/april.csv`);
    expect(["imported", "unchanged"]).toContain(result?.status);
  });

  it("checks a publication only when its schedule says it is due", async () => {
    const now = new Date("2024-04-12T10:00:00Z");
    expect(isDue("daily", new Date("2024-04-12T09:00:00Z"), now)).toBe(false);
    expect(isDue("every 30m", new Date("2024-04-12T09:00:00Z"), now)).toBe(true);
    const [result] = await syncPublications(
      t,
      config([pub("march", "/data/march.csv")]),
      options({ force: false }),
    );
    expect(result?.status).toBe("not_due");
  });

  const values = async (orgCode: string) =>
    (
      await t.db
        .selectFrom("metric_values")
        .select(["period_start", "numerator"])
        .where("org_code", "=", orgCode)
        .orderBy("period_start")
        .execute()
    ).map((r) => [String(r.period_start), r.numerator]);
  const importCount = async () =>
    Number(
      (
        await t.db
          .selectFrom("imports")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("imports the CSV entries of a ZIP publication that its entry glob chooses", async () => {
    const [result] = await syncPublications(
      t,
      config([{ ...pub("tidy-zip", "/data/tidy.zip"), format: "tidy", entry: "b-*.csv" }]),
      options(),
    );
    expect(result).toMatchObject({ status: "imported", url: `${base}/data/tidy.zip` });
    expect(result?.file).toBe(path.join(dir, "tidy-zip", "tidy.zip"));
    expect(result?.entries).toEqual([
      { entry: "tidy.zip!tidy/b-2020-02.csv", status: "imported", importId: result?.importId },
      { entry: "tidy.zip!README.txt", status: "skipped", reason: "not a CSV file" },
      {
        entry: "tidy.zip!tidy/a-2020-01.csv",
        status: "skipped",
        reason: 'does not match the entry pattern "b-*.csv"',
      },
    ]);
    expect(await values("ZZS01")).toEqual([["2020-02-01", 6]]);
    const row = await t.db
      .selectFrom("imports")
      .select(["file_name", "file_path"])
      .where("import_id", "=", result!.importId!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      file_name: "tidy.zip!b-2020-02.csv",
      file_path: `${path.join(dir, "tidy-zip", "tidy.zip")}!tidy/b-2020-02.csv`,
    });
  });

  it("follows a landing page's .zip link and imports every CSV inside", async () => {
    const [result] = await syncPublications(
      t,
      config([
        {
          name: "tidy-landing",
          landingPage: `${base}/landing-zip`,
          linkPattern: "\\.zip$",
          format: "tidy",
        },
      ]),
      options(),
    );
    expect(result?.url).toBe(`${base}/files/tidy-latest.zip`);
    expect(result?.status).toBe("imported");
    // b was imported by the previous publication (same bytes): unchanged.
    expect(result?.entries?.map((e) => [e.entry, e.status])).toEqual([
      ["tidy-latest.zip!tidy/a-2020-01.csv", "imported"],
      ["tidy-latest.zip!tidy/b-2020-02.csv", "unchanged"],
      ["tidy-latest.zip!README.txt", "skipped"],
    ]);
    expect(result?.importId).toBe(result?.entries?.[0]?.importId);
    expect(await values("ZZS01")).toEqual([
      ["2020-01-01", 5],
      ["2020-02-01", 6],
    ]);
    // Unchanged download next time: nothing to do.
    const [again] = await syncPublications(
      t,
      config([
        {
          name: "tidy-landing",
          landingPage: `${base}/landing-zip`,
          linkPattern: "\\.zip$",
          format: "tidy",
        },
      ]),
      options(),
    );
    expect(again?.status).toBe("not_modified");
  });

  it("refuses a corrupt archive, one without CSV files and an oversize entry, importing nothing", async () => {
    const before = await importCount();
    const results = await syncPublications(
      t,
      config(
        [
          { ...pub("corrupt", "/data/corrupt.zip"), format: "tidy" },
          { ...pub("no-csv", "/data/no-csv.zip"), format: "tidy" },
          { ...pub("big-entry", "/data/big-entry.zip"), format: "tidy" },
          { ...pub("no-match", "/data/tidy.zip"), format: "tidy", entry: "*2019*.csv" },
        ],
        { unzip: { maxEntryBytes: 1000 } },
      ),
      options(),
    );
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["corrupt", "failed"],
      ["no-csv", "failed"],
      ["big-entry", "failed"],
      ["no-match", "failed"],
    ]);
    expect(results[0]?.message).toMatch(/^corrupt\.zip: not a readable ZIP archive/);
    expect(results[1]?.message).toMatch(
      /^no-csv\.zip: the archive holds no CSV file \(entries: notes\.pdf\)/,
    );
    expect(results[2]?.message).toMatch(
      /^big-entry\.zip!big\.csv: 2\d{3} bytes uncompressed, more than the 1000 bytes accepted for one entry: refused/,
    );
    expect(results[3]?.message).toMatch(
      /^tidy\.zip: no CSV file in the archive matches the entry pattern "\*2019\*\.csv" \(CSV files: tidy\/a-2020-01\.csv, tidy\/b-2020-02\.csv\)/,
    );
    expect(await importCount()).toBe(before);
    expect(await values("ZZS02")).toEqual([]);
    const state = await t.db
      .selectFrom("sync_state")
      .selectAll()
      .where("name", "=", "big-entry")
      .executeTakeFirstOrThrow();
    expect(state.status).toBe("failed");
    expect(state.checksum).toBeNull();
  });

  it("ships a valid config/sync.json", async () => {
    const { loadSyncConfig } = await import("../../src/ingest/sync/config.js");
    const shipped = await loadSyncConfig(path.join(process.cwd(), "config", "sync.json"));
    expect(shipped.publications.map((p) => p.format)).toContain("ae-monthly");
  });

  it("validates the configuration", () => {
    expect(() =>
      parseSyncConfig({ publications: [{ name: "x", format: "ae-monthly" }] }, "sync.json"),
    ).toThrow(/sync\.json: .*give either url or landingPage/);
    expect(() =>
      parseSyncConfig(
        {
          publications: [
            { name: "x", url: "https://a/b.csv", format: "ae-monthly", schedule: "sometimes" },
          ],
        },
        "sync.json",
      ),
    ).toThrow(/schedule/);
    expect(() =>
      parseSyncConfig(
        {
          publications: [{ name: "x", url: "https://a/b.zip", format: "ods" }],
          unzip: { maxEntrySize: 5 },
        },
        "sync.json",
      ),
    ).toThrow(/sync\.json: unzip/);
    expect(
      parseSyncConfig(
        {
          publications: [{ name: "x", url: "https://a/b.zip", format: "ods", entry: "etr.csv" }],
        },
        "sync.json",
      ).publications[0]?.entry,
    ).toBe("etr.csv");
  });
});
