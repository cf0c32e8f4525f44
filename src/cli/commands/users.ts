/**
 * `improve users create|invite|grant|revoke|list|unlock`: people and roles from the server's
 * command line, so a fresh install can make its first administrator without the web. The
 * command acts as the `operator` (src/accounts/actor.ts, audited under the system user's name)
 * through the same administration service as the /admin pages: the same validation, the same
 * audit log.
 */
import { createAdministrationService } from "../../accounts/administration.js";
import { createAuditor } from "../../accounts/audit.js";
import { createOutbox } from "../../accounts/mail.js";
import { argon2Hasher } from "../../accounts/passwords.js";
import { grantOf, ROLES, roleSchema, scopeKindOf, type Role } from "../../accounts/roles.js";
import { scopesFromDirectory } from "../../accounts/scopes.js";
import { accountSettingsOf } from "../account-settings.js";
import { InputError, UsageError } from "../../errors.js";
import { createDirectoryService } from "../../metrics/directory/service.js";
import { createAccountStore } from "../../storage/accounts-store.js";
import { createDirectoryStore } from "../../storage/directory-store.js";
import { createOutboxStore } from "../../storage/outbox-store.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { operator } from "../operator.js";
import { parseFormat, renderRows } from "../format.js";

async function administration(ctx: CliContext, publicUrl?: string) {
  const { db } = await ctx.database();
  const store = createAccountStore(db);
  return createAdministrationService({
    store,
    // Queued like the web's: `improve serve`'s mail sender delivers it (or logs it without SMTP).
    outbox: createOutbox({ store: createOutboxStore(db), now: ctx.now }),
    hasher: argon2Hasher,
    now: ctx.now,
    settings: { ...accountSettingsOf(ctx.config), ...(publicUrl ? { publicUrl } : {}) },
    audit: createAuditor(store),
    scopes: scopesFromDirectory(createDirectoryService(createDirectoryStore(db))),
  });
}

function parseRole(text: string): Role {
  const role = roleSchema.safeParse(text);
  if (!role.success)
    throw new UsageError(`unknown role "${text}": choose one of ${ROLES.join(", ")}`);
  return role.data;
}

/** The grant of `role` over `--scope` (an ODS code or a network id; none for national roles). */
function grantFrom(roleText: string, scope: string | undefined) {
  const role = parseRole(roleText);
  const kind = scopeKindOf(role);
  if (kind === "national") {
    if (scope) throw new UsageError(`${role} is granted for the whole hub: leave out --scope`);
    return grantOf(role, "");
  }
  if (!scope)
    throw new UsageError(
      `${role} needs --scope: ${kind === "organisation" ? "an ODS code, e.g. RXX" : "a network id (improve networks lists them)"}`,
    );
  return grantOf(role, kind === "organisation" ? scope.toUpperCase() : scope);
}

/** Field problems from the service as one line for the terminal. */
async function plainly<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof InputError)
      throw new UsageError(e.problems.map((p) => p.reason).join("; ") || e.message);
    throw e;
  }
}

async function readProcessStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

export const register: RegisterCommand = (program, ctx) => {
  const users = program
    .command("users")
    .description("People and their roles: create the first administrator, invite, grant, revoke");

  users
    .command("create")
    .description("Create an account directly (the first administrator); others are invited")
    .requiredOption("--email <address>", "their email address")
    .requiredOption("--name <name>", "their name as shown on the hub")
    .option("--admin", "make them a national administrator")
    .option("--password-stdin", "read the password from standard input (required)")
    .action(
      async (opts: { email: string; name: string; admin?: boolean; passwordStdin?: boolean }) => {
        if (!opts.passwordStdin)
          throw new UsageError(
            "give the password on standard input with --password-stdin (it never goes on the command line), e.g. printf '%s' \"$PASSWORD\" | improve users create --admin --email … --name … --password-stdin",
          );
        const password = (await (ctx.io.readStdin ?? readProcessStdin)()).replace(/\r?\n$/, "");
        const admin = await administration(ctx);
        const user = await admin.createUser(operator(), {
          email: opts.email,
          displayName: opts.name,
          password,
          admin: opts.admin ?? false,
        });
        ctx.io.out(
          `Created account ${user.userId} for ${user.email}${opts.admin ? " (national administrator)" : ""}. They can sign in now.\n`,
        );
      },
    );

  users
    .command("invite")
    .description("Invite someone to a role; prints the single-use link to send them")
    .requiredOption("--email <address>", "their email address")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option(
      "--scope <ref>",
      "the organisation's ODS code or the network id (not for national roles)",
    )
    .option("--site-url <url>", "the hub's address as people reach it (default: PUBLIC_URL)")
    .action(async (opts: { email: string; role: string; scope?: string; siteUrl?: string }) => {
      const grant = grantFrom(opts.role, opts.scope);
      const admin = await administration(ctx, opts.siteUrl);
      const { link, invitation } = await plainly(
        admin.invite(operator(), {
          email: opts.email,
          role: grant.role,
          ...(grant.scope.kind === "organisation" ? { orgCode: grant.scope.orgCode } : {}),
          ...(grant.scope.kind === "network" ? { networkId: grant.scope.networkId } : {}),
        }),
      );
      ctx.io.out(
        `Invited ${invitation.email} as ${(await admin.describeGrants([grant]))[0]}. It is queued by email; you can also send them this link (it works once, until ${invitation.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC):\n${link}\n`,
      );
    });

  for (const verb of ["grant", "revoke"] as const)
    users
      .command(verb)
      .description(verb === "grant" ? "Give an account a role" : "Take a role away from an account")
      .requiredOption("--email <address>", "the account's email address")
      .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
      .option(
        "--scope <ref>",
        "the organisation's ODS code or the network id (not for national roles)",
      )
      .action(async (opts: { email: string; role: string; scope?: string }) => {
        const grant = grantFrom(opts.role, opts.scope);
        const admin = await administration(ctx);
        const actor = operator();
        const user = await admin.userByEmail(actor, opts.email);
        await plainly(admin[verb](actor, user.userId, grant));
        // In words, with the organisation's or network's name ("Network lead for … LIN").
        const [what] = await admin.describeGrants([grant]);
        ctx.io.out(
          verb === "grant"
            ? `${user.email} is now ${what}.\n`
            : `${user.email} is no longer ${what}.\n`,
        );
      });

  users
    .command("list")
    .description("List accounts and their roles")
    .option("--role <role>", "only people holding this role")
    .option("--search <text>", "part of a name or email address")
    .option("--format <format>", "table, json or csv", "table")
    .action(async (opts: { role?: string; search?: string; format: string }) => {
      const format = parseFormat(opts.format);
      const role = opts.role === undefined ? undefined : parseRole(opts.role);
      const admin = await administration(ctx);
      const actor = operator();
      const at = ctx.now();
      const rows = [];
      for (let page = 1; ; page += 1) {
        const result = await admin.users(actor, {
          ...(opts.search ? { search: opts.search } : {}),
          page,
        });
        for (const u of result.users) {
          if (role && !u.grants.some((g) => g.role === role)) continue;
          rows.push({
            user_id: u.userId,
            email: u.email,
            name: u.displayName,
            roles: u.grants
              .map((g) =>
                g.scope.kind === "national"
                  ? g.role
                  : `${g.role}:${g.scope.kind === "organisation" ? g.scope.orgCode : g.scope.networkId}`,
              )
              .join(" "),
            state: u.disabledAt
              ? "disabled"
              : u.lockedUntil && u.lockedUntil > at
                ? "locked"
                : "active",
          });
        }
        if (page >= result.pages) break;
      }
      if (rows.length === 0 && format === "table") return ctx.io.out("No accounts.\n");
      ctx.io.out(renderRows(rows, format, ["user_id", "email", "name", "roles", "state"]));
    });

  users
    .command("unlock")
    .description("Unlock an account (clears its failed sign-ins)")
    .requiredOption("--email <address>", "the account's email address")
    .action(async (opts: { email: string }) => {
      const admin = await administration(ctx);
      const actor = operator();
      const user = await admin.userByEmail(actor, opts.email);
      await admin.unlock(actor, user.userId);
      ctx.io.out(`Unlocked ${user.email}.\n`);
    });
};
