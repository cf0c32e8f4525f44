import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { cliRunner } from "../support/cli.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

describe("improve CLI", () => {
  let t: TestDatabase;
  let run: ReturnType<typeof cliRunner>;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    run = cliRunner(t);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-cli-"));
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("prints help and exits 0; an unknown command exits 2", async () => {
    const help = await run("--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: improve/);
    for (const command of [
      "serve",
      "import",
      "formats",
      "demo",
      "db",
      "status",
      "orgs",
      "metrics",
      "networks",
      "values",
      "spc",
    ]) {
      expect(help.out).toContain(command);
    }
    expect((await run("no-such-command")).code).toBe(2);
  });

  it("lists the 16 networks with their leads, as a table, JSON and CSV", async () => {
    const table = await run("networks");
    expect(table.code).toBe(0);
    expect(table.out).toContain("Glen Burley");
    const json = JSON.parse((await run("networks", "--format", "json")).out) as {
      network_id: string;
      focus: string;
    }[];
    expect(json).toHaveLength(16);
    expect(json.filter((n) => n.focus === "uec")).toHaveLength(8);
    const csv = (await run("networks", "--format", "csv")).out.trim().split("\n");
    expect(csv[0]).toBe("network_id,name,region,focus,leads,members");
    expect(csv).toHaveLength(17);
    expect((await run("networks", "--format", "xml")).code).toBe(2);
  });

  it("generates demo data deterministically and reports it in status", async () => {
    const demo = await run("demo", "--orgs", "12", "--months", "24", "--seed", "5");
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/12 fictional organisations/);
    const status = JSON.parse((await run("status", "--format", "json")).out) as {
      organisations_by_kind: Record<string, number>;
      networks: number;
      values: number;
      latest: { metric_id: string; latest_period: string }[];
    };
    expect(status.networks).toBe(16);
    expect(status.organisations_by_kind.region).toBe(7);
    expect(status.organisations_by_kind.icb).toBe(42);
    expect(status.values).toBeGreaterThan(1000);
    expect(status.latest.find((l) => l.metric_id === "ae_4hr_all")?.latest_period).toBe(
      "2025-07-01",
    );

    const values = JSON.parse(
      (await run("values", "--org", "ZZ001", "--metric", "ae_4hr_all", "--format", "json")).out,
    ) as { value: number }[];
    expect(values).toHaveLength(24);
    // Same seed, same data.
    await run("demo", "--orgs", "12", "--months", "24", "--seed", "5");
    const again = JSON.parse(
      (await run("values", "--org", "ZZ001", "--metric", "ae_4hr_all", "--format", "json")).out,
    ) as { value: number }[];
    expect(again).toEqual(values);
  });

  it("lists a value with its publication's own banding and limits (SHMI)", async () => {
    const file = path.join(process.cwd(), "test/fixtures/golden/shmi/input_Feb25-Jan26.csv");
    expect((await run("import", file)).code).toBe(0);
    const args = ["values", "--org", "ZG102", "--metric", "shmi", "--period-type", "twelve_months"];
    const rows = JSON.parse((await run(...args, "--format", "json")).out) as Record<
      string,
      unknown
    >[];
    expect(rows).toEqual([
      {
        period_start: "2025-02-01",
        numerator: 1610,
        denominator: 1345,
        value: 1.1965,
        source: "shmi",
        flags: "",
        published_banding: "1 (higher than expected)",
        published_limits:
          "95% overdispersed 0.848 to 1.1792 (banding); 99.8% poisson 0.9193 to 1.084",
      },
    ]);
    // A metric without published limits keeps its columns.
    const csv = (await run("values", "--org", "ZZ001", "--metric", "ae_4hr_all", "--format", "csv"))
      .out;
    expect(csv.split("\n")[0]).toBe("period_start,numerator,denominator,value,source,flags");
  });

  it("gives one-line errors with exit 1 for failures and 2 for usage", async () => {
    const unknownOrg = await run("values", "--org", "NOPE1", "--metric", "ae_4hr_all");
    expect(unknownOrg.code).toBe(1);
    expect(unknownOrg.err).toBe(
      'error: Unknown organisation "NOPE1" (see `improve orgs --search`)\n',
    );
    const badNumber = await run("demo", "--orgs", "many");
    expect(badNumber.code).toBe(2);
    expect(badNumber.err).toMatch(/--orgs must be a whole number/);
    expect(
      (await run("values", "--org", "ZZ001", "--metric", "ae_4hr_all", "--from", "yesterday")).code,
    ).toBe(2);
    expect((await run("db", "reset")).code).toBe(2);
  });

  it("treats a configuration error as a usage error: one line, exit 2, no stack", async () => {
    const saved = process.env.PORT;
    process.env.PORT = "eighty";
    try {
      let err = "";
      const code = await main(["node", "improve", "orgs"], {
        io: { out: () => undefined, err: (s) => void (err += s), isTTY: false },
      });
      expect(code).toBe(2);
      expect(err).toMatch(/^error: configuration: PORT: .+\n$/);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it("says in one sentence that the CLI is not built yet, rather than a stack trace", async () => {
    // bin/improve.js as a fresh clone has it, before any build.
    await fs.mkdir(path.join(dir, "clone", "bin"), { recursive: true });
    const bin = path.join(dir, "clone", "bin", "improve.js");
    await fs.copyFile(path.join(process.cwd(), "bin", "improve.js"), bin);
    const result = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "error: Improvement Hub is not built yet: run `npm run build` first (`npm start` builds it for you).\n",
    );
  });

  it("imports a folder: recognised files each atomically, others skipped, non-zero only when one failed", async () => {
    const header = "org_code,metric_id,period_start,period_type,numerator,denominator,value";
    await fs.writeFile(
      path.join(dir, "good.csv"),
      `${header}\nZZ001,ae_4hr_all,2020-01-01,month,5,10,\n`,
    );
    await fs.writeFile(path.join(dir, "README.md"), "# notes\n");
    const ok = await run("import", dir);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/README\.md: skipped/);
    expect(ok.out).toMatch(/good\.csv: tidy: 1 rows, 1 values added/);
    await fs.writeFile(
      path.join(dir, "bad.csv"),
      `${header}\nZZ001,ae_4hr_all,2020-02-01,month,ten,10,\n`,
    );
    const failed = await run("import", dir);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/bad\.csv line 2 column numerator value "ten": not a number/);
    const alone = await run("import", path.join(dir, "README.md"));
    expect(alone.code).toBe(1);
    expect(alone.err).toMatch(/README\.md: the header matches no known format/);
  });

  it("says how many kinds a trust-type table changed, apart from the sources it only confirmed", async () => {
    // ZG901 first comes in with a values file, as an unlisted provider.
    const values = path.join(dir, "zg901.csv");
    await fs.writeFile(
      values,
      "org_code,metric_id,period_start,period_type,numerator,denominator,value\n" +
        "ZG901,ae_4hr_all,2020-01-01,month,5,10,\n",
    );
    expect((await run("import", values)).code).toBe(0);
    await fs.rm(values);
    await fs.writeFile(
      path.join(dir, "types.csv"),
      '"org_code","org_name","trust_type","nof_2025_trust_subtype","types_disagree"\n' +
        '"ZG901","ZED COMMUNITY NHS TRUST","community","",""\n',
    );
    const typed = await run("import", path.join(dir, "types.csv"));
    expect(typed.code).toBe(0);
    expect(typed.out).toMatch(
      /types\.csv: trust-types: 1 rows, 1 trust types.*; 1 organisation kind changed, 0 more with a new subtype or kind source/,
    );
    await fs.rm(path.join(dir, "types.csv"));
  });

  it("creates, lists and deletes your own peer groups", async () => {
    const created = await run(
      "peer-groups",
      "create",
      "--name",
      "My neighbours",
      "--orgs",
      "ZZ001, ZZ002,ZZ003",
    );
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Created peer group custom-my-neighbours \(3 organisations\)/);
    const list = JSON.parse((await run("peer-groups", "list", "--format", "json")).out) as {
      peer_group_id: string;
      kind: string;
      members: number;
    }[];
    expect(list.find((g) => g.peer_group_id === "custom-my-neighbours")).toMatchObject({
      kind: "custom",
      members: 3,
    });
    expect(list.filter((g) => g.kind === "predefined").length).toBeGreaterThanOrEqual(
      1 + 7 + 42 + 16,
    );
    const unknown = await run("peer-groups", "create", "--name", "Bad", "--orgs", "NOPE1");
    expect(unknown.code).not.toBe(0);
    expect((await run("peer-groups", "delete", "custom-my-neighbours")).code).toBe(0);
    expect((await run("peer-groups", "delete", "custom-my-neighbours")).code).toBe(1);
  });

  it("resets the database with --yes", async () => {
    const reset = await run("db", "reset", "--yes");
    expect(reset.code).toBe(0);
    const status = JSON.parse((await run("status", "--format", "json")).out) as {
      values: number;
      networks: number;
    };
    expect(status.values).toBe(0);
    expect(status.networks).toBe(16);
  });
});
