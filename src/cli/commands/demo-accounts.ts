/**
 * `improve demo accounts`: fictional people to try the hub as (issue 17's walkthrough: "the
 * London UEC network's lead (seeded demo account)"): a lead of two networks, an analyst at a
 * trust who is a member of the London UEC network, a guide author and, where the role exists, a
 * proposal reviewer. Each password is random and printed once, here; nothing else keeps it.
 *
 * Refuses unless the database holds the synthetic demo data (or `--force`): real people must be
 * invited, never given a shared password. Never run on start. An account that already exists is
 * left as it is (its password unchanged), so running it twice is harmless.
 */
import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { createAdministrationService } from "../../accounts/administration.js";
import { createAuditor } from "../../accounts/audit.js";
import { createOutbox } from "../../accounts/mail.js";
import { argon2Hasher } from "../../accounts/passwords.js";
import { grantOf, type Grant } from "../../accounts/roles.js";
import { scopesFromDirectory } from "../../accounts/scopes.js";
import { UsageError } from "../../errors.js";
import { createDirectoryService } from "../../metrics/directory/service.js";
import { createAccountStore } from "../../storage/accounts-store.js";
import { createDirectoryStore } from "../../storage/directory-store.js";
import { createOutboxStore } from "../../storage/outbox-store.js";
import { accountSettingsOf } from "../account-settings.js";
import type { CliContext } from "../context.js";
import { operator } from "../operator.js";

/** The networks the demo leads lead (ids from src/metrics/networks.ts). */
const LONDON_UEC = "london-uec";
const LONDON_ELECTIVE = "london-elective";

interface DemoPerson {
  email: string;
  name: string;
  what: string;
  grants: Grant[];
}

/** The fictional people; `orgCode` is the trust the analyst and the London UEC lead work at. */
function demoPeople(orgCode: string): DemoPerson[] {
  const people: DemoPerson[] = [
    {
      email: "demo.lead.london-uec@example.nhs.uk",
      name: "Alex Morgan (demo)",
      what: `lead of the London UEC network, chief executive at ${orgCode}`,
      // A network lead is a trust's chief executive: a member of that trust, so the lead can
      // post learning backed by its data.
      grants: [grantOf("network_lead", LONDON_UEC), grantOf("organisation_member", orgCode)],
    },
    {
      email: "demo.lead.london-elective@example.nhs.uk",
      name: "Sam Patel (demo)",
      what: "lead of the London elective network",
      grants: [grantOf("network_lead", LONDON_ELECTIVE)],
    },
    {
      email: "demo.analyst@example.nhs.uk",
      name: "Jo Okafor (demo)",
      what: `analyst at ${orgCode}, member of the London UEC network`,
      grants: [grantOf("organisation_analyst", orgCode), grantOf("network_member", LONDON_UEC)],
    },
    {
      email: "demo.author@example.nhs.uk",
      name: "Chris Lee (demo)",
      what: "guide author",
      grants: [grantOf("guide_author", "")],
    },
    {
      email: "demo.reviewer@example.nhs.uk",
      name: "Ruth Adeyemi (demo)",
      what: "proposal reviewer",
      grants: [grantOf("proposal_reviewer", "")],
    },
  ];
  return people;
}

/** A password of 20 URL-safe characters (120 random bits). */
const newPassword = () => randomBytes(15).toString("base64url");

export function registerDemoAccounts(demo: Command, ctx: CliContext): void {
  demo
    .command("accounts")
    .description(
      "Create fictional demo people (network leads, an analyst, a guide author) with passwords printed once; demo data only",
    )
    .option("--org <code>", "the trust the demo analyst works at (default: a London UEC member)")
    .option("--force", "run even though the database holds real data, not the synthetic demo")
    .action(async (opts: { org?: string; force?: boolean }) => {
      const { db } = await ctx.database();
      const directory = createDirectoryService(createDirectoryStore(db));
      if (!opts.force && !(await directory.isSynthetic()))
        throw new UsageError(
          "this database holds no synthetic demo data: demo accounts with printed passwords are for demonstrations only (run `improve demo` first, or give --force if you really mean it)",
        );
      const members = await directory.networkMembers(LONDON_UEC);
      const orgCode =
        opts.org?.toUpperCase() ??
        (members.find((m) => m.kind === "acute_trust") ?? members[0])?.orgCode;
      if (!orgCode)
        throw new UsageError("the London UEC network has no member organisations: give --org");
      if (!(await directory.organisation(orgCode)))
        throw new UsageError(`there is no organisation with the ODS code ${orgCode}`);

      const store = createAccountStore(db);
      const admin = createAdministrationService({
        store,
        outbox: createOutbox({ store: createOutboxStore(db), now: ctx.now }),
        hasher: argon2Hasher,
        now: ctx.now,
        settings: accountSettingsOf(ctx.config),
        audit: createAuditor(store),
        scopes: scopesFromDirectory(directory),
      });
      const lines: string[] = [];
      for (const person of demoPeople(orgCode)) {
        if (await store.userByEmail(person.email)) {
          lines.push(`${person.email}  (${person.what}): already exists, left unchanged`);
          continue;
        }
        const password = newPassword();
        const user = await admin.createUser(operator(), {
          email: person.email,
          displayName: person.name,
          password,
        });
        for (const grant of person.grants) await admin.grant(operator(), user.userId, grant);
        lines.push(`${person.email}  password ${password}  (${person.what})`);
      }
      ctx.io.out(
        [
          "Demo accounts (fictional people; the passwords are shown only now):",
          ...lines.map((l) => `  ${l}`),
          "",
        ].join("\n"),
      );
    });
}
