// `improve users …` on a fresh database: the first administrator, invitations, grants, the list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config.js";
import { networks } from "../../src/metrics/networks.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { createOutboxStore } from "../../src/storage/outbox-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
const networkId = networks[0]!.id;

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
});
afterAll(async () => t?.drop());

async function run(args: string[], stdin = "") {
  let out = "";
  let err = "";
  const code = await main(["node", "improve", "users", ...args], {
    config: { ...loadConfig({}), databaseUrl: t.url },
    io: {
      out: (s) => void (out += s),
      err: (s) => void (err += s),
      isTTY: false,
      readStdin: async () => stdin,
    },
  });
  return { code, out, err };
}

/** `improve users <command> --email … --role … [--scope …]`, the shape of grant, revoke and invite. */
function roleCommand(
  command: string,
  email: string,
  role: string,
  scope?: string,
  ...rest: string[]
) {
  return run([
    command,
    "--email",
    email,
    "--role",
    role,
    ...(scope ? ["--scope", scope] : []),
    ...rest,
  ]);
}

describe("improve users", () => {
  it("creates the first administrator from a password on standard input", async () => {
    const noPassword = await run([
      "create",
      "--admin",
      "--email",
      "ops@example.nhs.uk",
      "--name",
      "Ops",
    ]);
    expect(noPassword.code).toBe(2);
    expect(noPassword.err).toContain("--password-stdin");

    const weak = await run(
      ["create", "--admin", "--email", "ops@example.nhs.uk", "--name", "Ops", "--password-stdin"],
      "short\n",
    );
    expect(weak.code).toBe(2);
    expect(weak.err).toContain("at least 12 characters");

    const made = await run(
      ["create", "--admin", "--email", "ops@example.nhs.uk", "--name", "Ops", "--password-stdin"],
      "a long operator passphrase\n",
    );
    expect(made.code, made.err).toBe(0);
    expect(made.out).toContain("national administrator");
    const store = createAccountStore(t.db);
    const user = await store.userByEmail("ops@example.nhs.uk");
    expect(user?.emailVerifiedAt).not.toBeNull();
    expect((await store.grantsOf(user!.userId)).map((g) => g.role)).toEqual(["national_admin"]);
    const [created] = await store.auditLog({ action: "user.created", limit: 1 });
    expect(created?.actorLabel).toMatch(/^operator /);
  });

  it("grants, lists and revokes; refuses unknown roles and scopes plainly", async () => {
    await run(
      ["create", "--email", "lead@example.nhs.uk", "--name", "Lead", "--password-stdin"],
      "another long passphrase",
    );
    const granted = await roleCommand("grant", "lead@example.nhs.uk", "network_lead", networkId);
    expect(granted.code, granted.err).toBe(0);
    // The network by its name, not its id.
    expect(granted.out).toMatch(/is now Network lead for .*(LIN|network)/i);
    expect(granted.out).not.toContain(`for ${networkId}`);

    const list = await run(["list", "--role", "network_lead"]);
    expect(list.out).toContain("lead@example.nhs.uk");
    expect(list.out).toContain(`network_lead:${networkId}`);
    expect(list.out).not.toContain("ops@example.nhs.uk");

    const revoked = await roleCommand("revoke", "lead@example.nhs.uk", "network_lead", networkId);
    expect(revoked.code, revoked.err).toBe(0);
    expect((await run(["list", "--role", "network_lead"])).out).toContain("No accounts.");

    const badRole = await roleCommand("grant", "lead@example.nhs.uk", "king");
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('unknown role "king": choose one of organisation_member');
    const badScope = await roleCommand(
      "grant",
      "lead@example.nhs.uk",
      "network_member",
      "atlantis",
    );
    expect(badScope.code).toBe(2);
    expect(badScope.err).toContain("There is no network atlantis");
    const noScope = await roleCommand("grant", "lead@example.nhs.uk", "network_member");
    expect(noScope.err).toContain("needs --scope");
    const nobody = await run(["unlock", "--email", "nobody@example.nhs.uk"]);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain("There is no account for nobody@example.nhs.uk");
  });

  it("keeps the last administrator and prints an invitation link", async () => {
    const last = await roleCommand("revoke", "ops@example.nhs.uk", "national_admin");
    expect(last.code).toBe(1);
    expect(last.err).toContain("last national administrator");

    const invited = await roleCommand(
      "invite",
      "new@example.nhs.uk",
      "network_member",
      networkId,
      "--site-url",
      "https://hub.example.nhs.uk",
    );
    expect(invited.code, invited.err).toBe(0);
    const link = invited.out.match(
      /https:\/\/hub\.example\.nhs\.uk\/invitations\/[A-Za-z0-9_-]{43}/,
    )?.[0];
    expect(link).toBeDefined();
    // Queued for the mail sender, with the same link.
    const [mail] = await createOutboxStore(t.db).recent(1);
    expect(mail).toMatchObject({ kind: "invitation", to: "new@example.nhs.uk" });
    expect(mail?.text).toContain(link);
  });
});
