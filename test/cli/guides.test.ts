import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serialiseGuideFile } from "../../src/guides/guide-file.js";
import { cliRunner, type CliRun } from "../support/cli.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { guideFixture } from "../support/guide-fixture.js";

describe("improve guides import|export", () => {
  let t: TestDatabase;
  let improve: (...args: string[]) => Promise<CliRun>;
  let folder: string;
  beforeAll(async () => {
    t = await testDatabase();
    improve = cliRunner(t);
    folder = await mkdtemp(path.join(tmpdir(), "guides-"));
    await mkdir(path.join(folder, "test-flow"));
    await writeFile(path.join(folder, "test-flow", "1.0.md"), serialiseGuideFile(guideFixture()));
    await writeFile(
      path.join(folder, "test-flow", "1.1.md"),
      serialiseGuideFile(guideFixture({ version: "1.1", title: "Test patient flow, revised" })),
    );
  });
  afterAll(async () => t.drop());

  it("refuses a bad folder whole, naming each problem, and publishes nothing", async () => {
    const bad = await mkdtemp(path.join(tmpdir(), "guides-bad-"));
    await mkdir(path.join(bad, "test-flow"));
    await writeFile(path.join(bad, "test-flow", "1.0.md"), serialiseGuideFile(guideFixture()));
    await writeFile(
      path.join(bad, "test-flow", "1.1.md"),
      serialiseGuideFile(guideFixture({ version: "1.1" })).replace(
        "status: interim",
        "status: draft",
      ),
    );
    await writeFile(
      path.join(bad, "test-flow", "2.0.md"),
      serialiseGuideFile(guideFixture({ version: "1.2" })),
    );
    const run = await improve("guides", "import", bad);
    expect(run.code).toBe(1);
    expect(run.err).toContain("nothing was imported");
    expect(run.err).toMatch(/test-flow\/1\.1\.md:10: status: /);
    expect(run.err).toContain(
      "test-flow/2.0.md: version: must match the file's name, 2.0.md (1.2)",
    );
    expect(
      (await improve("guides", "export", "--guide", "test-flow", "--version", "1.0")).code,
    ).toBe(1);
  });

  it("imports a folder, then again without change, and exports a version byte for byte", async () => {
    const first = await improve("guides", "import", folder);
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain(
      "guides: 2 versions published (test-flow 1.0, test-flow 1.1), 0 unchanged",
    );
    const again = await improve("guides", "import", folder);
    expect(again.out).toContain("guides: 0 versions published, 2 unchanged");

    const out = await improve("guides", "export", "--guide", "test-flow", "--version", "1.1");
    expect(out.out).toBe(await readFile(path.join(folder, "test-flow", "1.1.md"), "utf8"));
    const target = await mkdtemp(path.join(tmpdir(), "guides-out-"));
    const written = await improve(
      "guides",
      "export",
      "--guide",
      "test-flow",
      "--version",
      "1.0",
      "--out",
      target,
    );
    expect(written.code).toBe(0);
    expect(await readFile(path.join(target, "test-flow", "1.0.md"), "utf8")).toBe(
      serialiseGuideFile(guideFixture()),
    );
  });

  it("refuses a changed file under a published number, and bad options", async () => {
    const changed = await mkdtemp(path.join(tmpdir(), "guides-changed-"));
    await mkdir(path.join(changed, "test-flow"));
    await writeFile(
      path.join(changed, "test-flow", "1.0.md"),
      serialiseGuideFile(guideFixture({ summary: "Edited after publication." })),
    );
    const run = await improve("guides", "import", changed);
    expect(run.code).toBe(1);
    expect(run.err).toContain("already published with different content");
    expect((await improve("guides", "export", "--guide", "Bad Id", "--version", "1.0")).code).toBe(
      2,
    );
    expect(
      (await improve("guides", "export", "--guide", "test-flow", "--version", "one")).code,
    ).toBe(2);
    const missing = await improve("guides", "export", "--guide", "test-flow", "--version", "9.0");
    expect(missing.err).toContain('Guide "test-flow" has no version 9.0.');
  });
});
