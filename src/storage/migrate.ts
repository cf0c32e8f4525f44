/**
 * Versioned migrations. Each file in `./migrations/` is one version, applied in name order,
 * recorded by Kysely in `kysely_migration`. The list is explicit (not a folder scan) so that the
 * same code runs from TypeScript sources in tests and from compiled JavaScript in production.
 */
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from "kysely";
import * as m001 from "./migrations/001_foundation.js";
import * as m002 from "./migrations/002_sync.js";
import * as m003 from "./migrations/003_values_by_source.js";
import * as m004 from "./migrations/004_data_version.js";
import * as m005 from "./migrations/005_preferred_values.js";
import * as m006 from "./migrations/006_published_limits.js";
import * as m007 from "./migrations/007_reference_data.js";
import * as m008 from "./migrations/008_published_standing.js";
import * as m009 from "./migrations/009_organisation_names.js";
import * as m010 from "./migrations/010_finite_values.js";
import * as m012 from "./migrations/012_accounts.js";
import * as m013 from "./migrations/013_audit_data_changes.js";
import * as m014 from "./migrations/014_outbox.js";
import * as m015 from "./migrations/015_guides.js";
import * as m017 from "./migrations/017_self_assessment.js";
import * as m018 from "./migrations/018_guide_feedback.js";
import * as m019 from "./migrations/019_guide_drafts.js";
import * as m023 from "./migrations/023_rebase_decisions.js";
import * as m020 from "./migrations/020_network_workspace.js";
import * as m022 from "./migrations/022_proposals.js";
import * as m021 from "./migrations/021_learning_posts.js";
import * as m024 from "./migrations/024_proposal_evaluations.js";
import * as m025 from "./migrations/025_follows.js";
import * as m026 from "./migrations/026_search.js";
import * as m027 from "./migrations/027_api_access.js";
import * as m028 from "./migrations/028_reports.js";

const migrations: Record<string, Migration> = {
  "001_foundation": m001,
  "002_sync": m002,
  "003_values_by_source": m003,
  "004_data_version": m004,
  "005_preferred_values": m005,
  "006_published_limits": m006,
  "007_reference_data": m007,
  "008_published_standing": m008,
  "009_organisation_names": m009,
  "010_finite_values": m010,
  "012_accounts": m012,
  "013_audit_data_changes": m013,
  "014_outbox": m014,
  "015_guides": m015,
  "017_self_assessment": m017,
  "018_guide_feedback": m018,
  "019_guide_drafts": m019,
  "023_rebase_decisions": m023,
  "020_network_workspace": m020,
  "022_proposals": m022,
  "021_learning_posts": m021,
  "024_proposal_evaluations": m024,
  "025_follows": m025,
  "026_search": m026,
  "027_api_access": m027,
  "028_reports": m028,
};

/** The names of the migrations this code knows, in the order they apply. */
export function knownMigrations(): string[] {
  return Object.keys(migrations).sort();
}

export function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(
      `Migration ${failed} failed: ${String((result.error as Error).message ?? result.error)}`,
    );
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Brings the schema to the latest version; returns the names of the migrations applied. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  return check(await migrator(db).migrateToLatest());
}

/** Undoes every migration (used by `improve db reset`). */
export async function migrateDownAll(db: Kysely<unknown>): Promise<string[]> {
  const { NO_MIGRATIONS } = await import("kysely");
  return check(await migrator(db).migrateTo(NO_MIGRATIONS));
}
