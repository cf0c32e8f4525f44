// `improve demo accounts`: fictional people with printed passwords, on demo data only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config.js";
import { argon2Hasher } from "../../src/accounts/passwords.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { demoDatabase, testDatabase, type TestDatabase } from "../support/db.js";

let demo: TestDatabase;
let real: TestDatabase;

beforeAll(async () => {
  demo = await demoDatabase({ orgs: 4, months: 3, seed: 3 });
  real = await testDatabase();
  await seedReference(real.db);
}, 180_000);
afterAll(async () => {
  await demo?.drop();
  await real?.drop();
});

async function run(t: TestDatabase, args: string[]) {
  let out = "";
  let err = "";
  const code = await main(["node", "improve", "demo", "accounts", ...args], {
    config: { ...loadConfig({}), databaseUrl: t.url },
    io: { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false },
  });
  return { code, out, err };
}

describe("improve demo accounts", () => {
  it("refuses a database without the synthetic demo data unless forced", async () => {
    const refused = await run(real, []);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("no synthetic demo data");
    expect(await real.db.selectFrom("users").select("user_id").execute()).toEqual([]);
    const forced = await run(real, ["--force"]);
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toContain("demo.lead.london-uec@example.nhs.uk  password ");
  });

  it("creates the demo people with their roles, prints each password once, and skips them the second time", async () => {
    const first = await run(demo, []);
    expect(first.code, first.err).toBe(0);
    const lead = /demo\.lead\.london-uec@example\.nhs\.uk {2}password (\S+)/.exec(first.out);
    expect(lead).not.toBeNull();
    const store = createAccountStore(demo.db);
    const user = (await store.userByEmail("demo.lead.london-uec@example.nhs.uk"))!;
    expect(await argon2Hasher.verify(user.passwordHash!, lead![1]!)).toBe(true);
    const analyst = (await store.userByEmail("demo.analyst@example.nhs.uk"))!;
    const analystOrg = (await store.grantsOf(analyst.userId)).find(
      (g) => g.role === "organisation_analyst",
    )!.scope;
    // The lead leads the network and is a member of the same trust as the analyst.
    expect(await store.grantsOf(user.userId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          role: "network_lead",
          scope: { kind: "network", networkId: "london-uec" },
        }),
        expect.objectContaining({ role: "organisation_member", scope: analystOrg }),
      ]),
    );
    expect(await store.grantsOf(user.userId)).toHaveLength(2);
    const reviewer = (await store.userByEmail("demo.reviewer@example.nhs.uk"))!;
    expect((await store.grantsOf(reviewer.userId)).map((g) => g.role)).toEqual([
      "proposal_reviewer",
    ]);
    expect((await store.grantsOf(analyst.userId)).map((g) => g.role).sort()).toEqual([
      "network_member",
      "organisation_analyst",
    ]);
    expect(await store.userByEmail("demo.author@example.nhs.uk")).toBeDefined();
    const audit = await demo.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "user.created")
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(4);

    const second = await run(demo, []);
    expect(second.code).toBe(0);
    expect(second.out).not.toContain("password ");
    expect(second.out).toContain("already exists, left unchanged");
  });
});
