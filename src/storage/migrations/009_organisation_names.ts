import { sql, type Kysely } from "kysely";
import { isAllCapitals, organisationName } from "../../metrics/org-names.js";
import { peerFinderGroupName } from "../../metrics/reference-data.js";

/**
 * Organisation names as NHS.UK writes them (issue 13; metrics/org-names.ts). Imports now store
 * names through `organisationName`; this converts the names a data folder imported before holds,
 * once, at its next start, so it needs no re-import: organisation names in capitals (not a name
 * that is only the code: an unlisted provider named by its code), the trust-type table's names,
 * the successor names the successions give, and the Peer Finder groups' names, which follow
 * their trust's name.
 *
 * A migration rather than an after-import step, because the after-import steps run only when
 * something is imported: a folder that is served and never imported again would keep its
 * capitals. The names change in one transaction with the migration; the data-change triggers of
 * migration 004 move the data version, so cached pages are rebuilt.
 *
 * `down` leaves names as they are: the capitals cannot be told apart from a publisher's own
 * mixed case once converted, and title case is what every later import stores anyway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  /** Every name of `column` in capitals, converted (a name in `keep` is left as it is). */
  const convert = async (table: string, column: string, keep = sql`false`) => {
    const { rows } = await sql<{ name: string }>`
      SELECT DISTINCT ${sql.ref(column)} AS name FROM ${sql.table(table)}
      WHERE ${sql.ref(column)} IS NOT NULL`.execute(db);
    const changed = rows
      .filter((r) => isAllCapitals(r.name))
      .map((r) => ({ from: r.name, to: organisationName(r.name) }))
      .filter((c) => c.to !== c.from);
    if (changed.length === 0) return;
    await sql`
      UPDATE ${sql.table(table)} t SET ${sql.ref(column)} = c.to_name
      FROM unnest(${changed.map((c) => c.from)}::text[], ${changed.map((c) => c.to)}::text[])
        AS c(from_name, to_name)
      WHERE t.${sql.ref(column)} = c.from_name AND NOT (${keep})`.execute(db);
  };
  await convert("organisations", "name", sql`t.name = t.org_code`);
  await convert("trust_types", "name");
  await convert("org_successions", "successor_name");
  await sql`
    UPDATE peer_groups g SET name = o.name || ${peerFinderGroupName("")}
    FROM organisations o
    WHERE g.kind = 'peer_finder' AND o.org_code = g.rule->>'orgCode'
      AND g.name IS DISTINCT FROM o.name || ${peerFinderGroupName("")}`.execute(db);
}

export async function down(): Promise<void> {}
