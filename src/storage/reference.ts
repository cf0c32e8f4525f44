/**
 * Reference data every database holds: England, the 7 regions and 42 ICBs, the 16 learning and
 * improvement networks with their default membership, the predefined peer groups, the metric
 * registry (mirrored from the catalogue in code) and the sources' precedence. Seeding is
 * idempotent and runs at every start; it never undoes a person's edits (a removed network
 * member stays removed).
 */
import { catalogue, catalogueVersion } from "../metrics/catalogue/index.js";
import { icbShortName, icbs, regions } from "../metrics/geography.js";
import { networks, networkFootprintContains } from "../metrics/networks.js";
import { ENGLAND, providerKinds } from "../metrics/organisations.js";
import { sourcePrecedence } from "../metrics/sources.js";
import { withTransaction } from "./transaction.js";
import type { Db, NewOrganisation } from "./schema.js";

export async function seedReference(db: Db): Promise<void> {
  await withTransaction(db, async (trx) => {
    const orgs: NewOrganisation[] = [
      {
        org_code: ENGLAND,
        name: "England",
        kind: "country",
        region_code: null,
        icb_code: null,
        postcode: null,
        open_date: null,
        close_date: null,
        successor_code: null,
        source: "reference",
      },
      ...regions.map((r) => ({
        org_code: r.regionCode,
        name: r.name,
        kind: "region",
        region_code: r.regionCode,
        icb_code: null,
        postcode: null,
        open_date: null,
        close_date: null,
        successor_code: null,
        source: "reference",
      })),
      ...icbs.map((i) => ({
        org_code: i.icbCode,
        name: i.name,
        kind: "icb",
        region_code: i.regionCode,
        icb_code: i.icbCode,
        postcode: null,
        open_date: "2022-07-01",
        close_date: null,
        successor_code: null,
        source: "reference",
      })),
    ];
    await trx
      .insertInto("organisations")
      .values(orgs)
      .onConflict((oc) =>
        oc.column("org_code").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          kind: eb.ref("excluded.kind"),
          region_code: eb.ref("excluded.region_code"),
        })),
      )
      .execute();

    await trx
      .insertInto("networks")
      .values(
        networks.map((n, i) => ({
          network_id: n.id,
          name: n.name,
          region_code: n.regionCode,
          footprint: n.footprint,
          focus: n.focus,
          leads: JSON.stringify(n.leads),
          note: n.note ?? null,
          sort_order: i,
        })),
      )
      .onConflict((oc) =>
        oc.column("network_id").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          region_code: eb.ref("excluded.region_code"),
          footprint: eb.ref("excluded.footprint"),
          focus: eb.ref("excluded.focus"),
          leads: eb.ref("excluded.leads"),
          note: eb.ref("excluded.note"),
          sort_order: eb.ref("excluded.sort_order"),
        })),
      )
      .execute();

    await trx
      .insertInto("metrics")
      .values(
        catalogue.map((m) => ({
          metric_id: m.id,
          title: m.title,
          unit: m.unit,
          improvement_direction: m.improvementDirection,
          topic: m.topic,
          aggregation: m.aggregation,
          definition: JSON.stringify(m),
          catalogue_version: catalogueVersion,
        })),
      )
      .onConflict((oc) =>
        oc.column("metric_id").doUpdateSet((eb) => ({
          title: eb.ref("excluded.title"),
          unit: eb.ref("excluded.unit"),
          improvement_direction: eb.ref("excluded.improvement_direction"),
          topic: eb.ref("excluded.topic"),
          aggregation: eb.ref("excluded.aggregation"),
          definition: eb.ref("excluded.definition"),
          catalogue_version: eb.ref("excluded.catalogue_version"),
        })),
      )
      .execute();

    await trx
      .insertInto("sources")
      .values(
        sourcePrecedence.map((s) => ({
          source: s.source,
          title: s.title,
          precedence: s.precedence,
        })),
      )
      .onConflict((oc) =>
        oc.column("source").doUpdateSet((eb) => ({
          title: eb.ref("excluded.title"),
          precedence: eb.ref("excluded.precedence"),
        })),
      )
      .execute();

    const groups = [
      {
        peer_group_id: "acute",
        name: "All acute trusts in England",
        kind: "predefined",
        rule: JSON.stringify({ kind: "acute_trusts" }),
      },
      ...regions.map((r) => ({
        peer_group_id: `region-${r.regionCode}`,
        name: `Acute trusts in ${r.name}`,
        kind: "predefined",
        rule: JSON.stringify({ kind: "region", regionCode: r.regionCode }),
      })),
      ...icbs.map((i) => ({
        peer_group_id: `icb-${i.icbCode}`,
        name: `Acute trusts in ${icbShortName(i)} ICB`,
        kind: "predefined",
        rule: JSON.stringify({ kind: "icb", icbCode: i.icbCode }),
      })),
      ...networks.map((n) => ({
        peer_group_id: `network-${n.id}`,
        name: `Members of ${n.name}`,
        kind: "predefined",
        rule: JSON.stringify({ kind: "network", networkId: n.id }),
      })),
    ];
    await trx
      .insertInto("peer_groups")
      .values(groups)
      .onConflict((oc) =>
        oc
          .column("peer_group_id")
          .doUpdateSet((eb) => ({ name: eb.ref("excluded.name"), rule: eb.ref("excluded.rule") })),
      )
      .execute();
  });
  await refreshNetworkMembership(db);
}

/**
 * Adds each open NHS provider and ICB to the networks whose footprint contains it. Existing
 * membership rows (including removals) are left as they are.
 */
export async function refreshNetworkMembership(db: Db): Promise<number> {
  const orgs = await db
    .selectFrom("organisations")
    .select(["org_code", "region_code", "icb_code"])
    .where("kind", "in", [...providerKinds, "icb"])
    .where("close_date", "is", null)
    // One order for every import, so that two running at once take row locks in the same order.
    .orderBy("org_code")
    .execute();
  const rows: { network_id: string; org_code: string; origin: string }[] = [];
  for (const n of networks) {
    for (const o of orgs) {
      if (networkFootprintContains(n, { regionCode: o.region_code, icbCode: o.icb_code })) {
        rows.push({ network_id: n.id, org_code: o.org_code, origin: "footprint" });
      }
    }
  }
  let added = 0;
  for (let i = 0; i < rows.length; i += 5000) {
    const result = await db
      .insertInto("network_members")
      .values(rows.slice(i, i + 5000))
      .onConflict((oc) => oc.columns(["network_id", "org_code"]).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}
