import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importShippedGuides } from "../../src/cli/commands/guides.js";
import { serialiseGuideFile } from "../../src/guides/guide-file.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { guideFixture } from "../support/guide-fixture.js";

describe("the shipped guides at start-up", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await testDatabase();
  });
  afterAll(async () => t.drop());

  const logged = () => {
    const lines: string[] = [];
    return {
      lines,
      log: {
        info: (m: string) => lines.push(`info ${m}`),
        warn: (m: string) => lines.push(`warn ${m}`),
      },
    };
  };

  it("publishes them once, and logs (never throws) when a file cannot be published", async () => {
    const content = await mkdtemp(path.join(tmpdir(), "content-"));
    const { lines, log } = logged();
    await importShippedGuides(t, { contentDir: content }, log);
    expect(lines).toEqual([
      "info guides: 0 versions published, 0 unchanged, 0 sample feedback items loaded",
    ]);

    await mkdir(path.join(content, "guides", "test-flow"), { recursive: true });
    await writeFile(
      path.join(content, "guides", "test-flow", "1.0.md"),
      serialiseGuideFile(guideFixture()),
    );
    await importShippedGuides(t, { contentDir: content }, log);
    expect(lines[1]).toContain("guides: 1 version published (test-flow 1.0)");

    await writeFile(
      path.join(content, "guides", "test-flow", "1.0.md"),
      serialiseGuideFile(guideFixture({ title: "Changed" })),
    );
    await importShippedGuides(t, { contentDir: content }, log);
    expect(lines[2]).toMatch(
      /^warn guides: the shipped guides were not imported: .*test-flow\/1\.0\.md/,
    );
  });
});
