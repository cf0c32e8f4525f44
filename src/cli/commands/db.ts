/** `improve db migrate` and `improve db reset`. */
import type { Kysely } from "kysely";
import { UsageError } from "../../errors.js";
import { migrateDownAll, migrateToLatest } from "../../storage/migrate.js";
import { seedReference } from "../../storage/reference.js";
import type { RegisterCommand } from "../context.js";

export const register: RegisterCommand = (program, ctx) => {
  const db = program.command("db").description("Database schema and maintenance");
  db.command("migrate")
    .description("Apply any pending migrations (also done at every start)")
    .action(async () => {
      const database = await ctx.database(); // opening migrates
      const more = await migrateToLatest(database.db as Kysely<unknown>);
      ctx.io.out(
        `Schema is up to date on ${database.description}${more.length ? ` (applied ${more.join(", ")})` : ""}.\n`,
      );
    });
  db.command("reset")
    .description("Delete ALL data: drop every table, migrate afresh and re-seed the reference data")
    .option("--yes", "confirm")
    .action(async (opts: { yes?: boolean }) => {
      if (!opts.yes) throw new UsageError("db reset deletes all data; add --yes to confirm");
      const database = await ctx.database();
      await migrateDownAll(database.db as Kysely<unknown>);
      await migrateToLatest(database.db as Kysely<unknown>);
      await seedReference(database.db);
      ctx.io.out(`Database reset on ${database.description}.\n`);
    });
};
