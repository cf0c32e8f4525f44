/** The PostgreSQL side of the directory: implements `DirectoryStore` of src/metrics/directory. */
import { sql } from "kysely";
import { parseOrgKind } from "../metrics/organisations.js";
import type { DirectoryStore } from "../metrics/directory/store.js";
import type { Db } from "./schema.js";
import { listNetworks, networkMembers } from "./repositories/networks.js";
import {
  countOrganisationsByKind,
  getOrganisation,
  listOrganisations,
  organisationFromRow as organisation,
} from "./repositories/organisations.js";
import { listPeerGroups } from "./repositories/peer-groups.js";
import { organisationReference } from "./repositories/reference-data.js";

export function createDirectoryStore(db: Db): DirectoryStore {
  return {
    organisations: async (filter) => (await listOrganisations(db, filter)).map(organisation),
    organisation: async (orgCode) => {
      const row = await getOrganisation(db, orgCode);
      return row ? organisation(row) : undefined;
    },
    countByKind: () => countOrganisationsByKind(db),
    networks: () => listNetworks(db),
    networkMembers: async (networkId) =>
      (await networkMembers(db, networkId)).map((m) => ({
        orgCode: m.org_code,
        name: m.name,
        kind: parseOrgKind(m.kind),
      })),
    customPeerGroups: async () =>
      (await listPeerGroups(db))
        .filter((g) => g.kind === "custom")
        .map((g) => ({ peerGroupId: g.peerGroupId, name: g.name })),
    storedPeerGroups: async () =>
      (await listPeerGroups(db))
        .map((g) => ({
          peerGroupId: g.peerGroupId,
          name: g.name,
          kind: g.kind === "custom" ? ("custom" as const) : ("predefined" as const),
        }))
        .sort((a, b) =>
          a.peerGroupId < b.peerGroupId ? -1 : a.peerGroupId > b.peerGroupId ? 1 : 0,
        ),
    organisationReference: (orgCode) => organisationReference(db, orgCode),
    async hasSyntheticOrganisations() {
      const row = await db
        .selectFrom("organisations")
        .select("org_code")
        .where("synthetic", "=", true)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async ping() {
      await sql`SELECT 1`.execute(db);
    },
  };
}
