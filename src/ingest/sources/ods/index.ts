/**
 * ODS organisation extracts in the official layout, as NHS England's Organisation Data Service
 * publishes them: `etr` (NHS trusts, open and closed) and `eccg` (CCGs and sub-ICB locations).
 * No header row; 27 quoted columns:
 *
 *   0 code, 1 name, 2 national grouping (NHS England region, Y56–Y63; older files Y54/Y55),
 *   3 high-level health geography (ICB ODS Q-code), 4–8 address lines, 9 postcode,
 *   10 open date, 11 close date (yyyymmdd), 12–26 other ODS fields (unused)
 *
 * Detected by shape: 27 cells, an ODS code first, a region code in column 2, a yyyymmdd open
 * date in column 10. One format reads both files, classifying each row: a name with
 * "COMMISSIONING HUB" is NHS England's commissioning hub (kind other); a name with CCG,
 * "ICB - <code>" or "SUB-ICB" (or a sub-ICB location code such as 00C) is a sub_icb; any other
 * row is a trust classified by name (shared/trust-kind.ts; kind source `name`) until NHS England's
 * trust types or its activity say otherwise (after import: refine-organisations.ts). Closed
 * organisations keep their close date and stay (their history matters). ODS does not give
 * successors: successor_code is left null.
 */
import type { OrganisationInput, OrganisationsFormat } from "../../format.js";
import { RowReader, ORG_CODE } from "../shared/row.js";
import { trustKindFromName } from "../shared/trust-kind.js";
import {
  NO_ORGANISATION_NAME,
  NOT_AN_ODS_CODE,
  ODS_NO_OPEN_DATE,
  odsRowWidth,
} from "../../problem-messages.js";

const REGION = /^Y[56]\d$/;
const YYYYMMDD = /^\d{8}$/;
const SUB_ICB_NAME = /\bCCG\b|\bICB - |SUB-ICB/;
const HUB_NAME = /COMMISSIONING HUB/;
const SUB_ICB_CODE = /^\d{2}[A-Z]$/;

export const odsFormat: OrganisationsFormat = {
  kind: "organisations",
  id: "ods",
  description:
    "ODS organisation extract without header (etr trusts, eccg sub-ICB locations): 27 columns, code, name, region, ICB, address, postcode, open/close dates",
  hasHeader: false,
  detect(first) {
    const cell = (i: number) => (first[i] ?? "").replace(/^\ufeff/, "").trim();
    return (
      first.length === 27 &&
      /^[A-Z0-9]{3,5}$/.test(cell(0)) &&
      REGION.test(cell(2)) &&
      YYYYMMDD.test(cell(10))
    );
  },
  async *parse(records, ctx) {
    const row = new RowReader(ctx);
    for await (const batch of records) {
      const out: OrganisationInput[] = [];
      for (const record of batch) {
        if (!row.next(record)) continue;
        if (record.cells.length < 12) {
          row.problem(undefined, String(record.cells.length), odsRowWidth(record.cells.length));
          continue;
        }
        const orgCode = row
          .text(0)
          .replace(/^\ufeff/, "")
          .toUpperCase();
        if (!ORG_CODE.test(orgCode)) row.problem(0, row.text(0), NOT_AN_ODS_CODE);
        const name = row.name(1, NO_ORGANISATION_NAME);
        // ODS gives every organisation an open date; a row without one was cut short (the CSV
        // reader pads short rows to the first row's width).
        if (!row.text(10)) row.problem(10, "", ODS_NO_OPEN_DATE);
        const openDate = row.text(10) ? row.date(10) : null;
        const closeDate = row.text(11) ? row.date(11) : null;
        if (row.bad) continue;
        const listed = HUB_NAME.test(name)
          ? "other"
          : SUB_ICB_NAME.test(name) || SUB_ICB_CODE.test(orgCode)
            ? "sub_icb"
            : undefined;
        out.push({
          orgCode,
          name,
          kind: listed ?? trustKindFromName(name),
          kindSource: listed ? "list" : "name",
          regionCode: row.text(2) || null,
          icbCode: row.text(3) || null,
          postcode: row.text(9) || null,
          openDate: openDate ?? null,
          closeDate: closeDate ?? null,
          successorCode: null,
        });
      }
      if (out.length > 0) yield out;
    }
  },
};
