/**
 * The derived trusts reference table (shared data derived/trusts_reference.csv), built from ODS
 * etr and the ONS ICB list:
 *
 *   org_code,org_name,region_ods_code,region_name,icb_ods_code,icb_ons_code,icb_name,postcode,open_date,close_date,is_open
 *
 * Same organisations as etr with ISO dates; kinds are classified by name exactly as for etr
 * (shared/trust-kind.ts) until the trust-type table or activity say otherwise (after import).
 */
import type { OrganisationInput, OrganisationsFormat } from "../../format.js";
import { hasColumns, requireColumns } from "../shared/columns.js";
import { RowReader } from "../shared/row.js";
import { trustKindFromName } from "../shared/trust-kind.js";
import { NO_ORGANISATION_NAME } from "../../problem-messages.js";

const REQUIRED = [
  "org_code",
  "org_name",
  "region_ods_code",
  "icb_ods_code",
  "postcode",
  "open_date",
  "close_date",
] as const;

export const trustsReferenceFormat: OrganisationsFormat = {
  kind: "organisations",
  id: "trusts-reference",
  description:
    "Trusts reference table: org_code, org_name, region_ods_code, icb_ods_code, postcode, open_date, close_date",
  hasHeader: true,
  detect: (first) => hasColumns(first, REQUIRED),
  async *parse(records, ctx) {
    const c = requireColumns(ctx, REQUIRED);
    if (!c) return;
    const row = new RowReader(ctx);
    for await (const batch of records) {
      const out: OrganisationInput[] = [];
      for (const record of batch) {
        if (!row.next(record)) continue;
        const orgCode = row.orgCode(c.org_code);
        const name = row.name(c.org_name, NO_ORGANISATION_NAME);
        const openDate = row.text(c.open_date) ? row.date(c.open_date) : null;
        const closeDate = row.text(c.close_date) ? row.date(c.close_date) : null;
        if (row.bad || !orgCode) continue;
        out.push({
          orgCode,
          name,
          kind: trustKindFromName(name),
          kindSource: "name",
          regionCode: row.text(c.region_ods_code) || null,
          icbCode: row.text(c.icb_ods_code) || null,
          postcode: row.text(c.postcode) || null,
          openDate: openDate ?? null,
          closeDate: closeDate ?? null,
          successorCode: null,
        });
      }
      if (out.length > 0) yield out;
    }
  },
};
