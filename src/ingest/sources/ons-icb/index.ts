/**
 * ONS Open Geography "ICB names and codes" lists (e.g. December 2024):
 *
 *   ICB24CD,ICB24CDH,ICB24NM,ObjectId
 *   E54000008,QYG,NHS Cheshire and Merseyside Integrated Care Board,1
 *
 * The year in the column names varies (ICB22CD, ICB23CD…). Each row is an ICB stored under its
 * ODS Q-code (CDH), the code every NHS file uses; the ONS E54 code lives in the geography module
 * (metrics/geography.ts) which maps ICB-level files keyed by it. Regions are not in the file: an
 * ICB keeps the region the reference seed gave it.
 */
import { normaliseHeader, type OrganisationInput, type OrganisationsFormat } from "../../format.js";
import { RowReader, ORG_CODE } from "../shared/row.js";
import { NO_ICB_NAME, NOT_AN_ODS_ICB_CODE } from "../../problem-messages.js";

const find = (header: string[], re: RegExp) => header.findIndex((h) => re.test(h));

export const onsIcbFormat: OrganisationsFormat = {
  kind: "organisations",
  id: "ons-icb",
  description: "ONS ICB names and codes list: ICByyCD (E54…), ICByyCDH (ODS Q-code), ICByyNM",
  hasHeader: true,
  detect(first) {
    const h = normaliseHeader(first);
    return (
      find(h, /^icb\d{2}cd$/) !== -1 &&
      find(h, /^icb\d{2}cdh$/) !== -1 &&
      find(h, /^icb\d{2}nm$/) !== -1
    );
  },
  async *parse(records, ctx) {
    const h = normaliseHeader(ctx.header);
    const code = find(h, /^icb\d{2}cdh$/);
    const name = find(h, /^icb\d{2}nm$/);
    const row = new RowReader(ctx);
    for await (const batch of records) {
      const out: OrganisationInput[] = [];
      for (const record of batch) {
        if (!row.next(record)) continue;
        const orgCode = row.text(code).toUpperCase();
        if (!ORG_CODE.test(orgCode)) row.problem(code, row.text(code), NOT_AN_ODS_ICB_CODE);
        const icbName = row.name(name, NO_ICB_NAME);
        if (row.bad) continue;
        out.push({
          orgCode,
          name: icbName,
          kind: "icb",
          regionCode: null,
          icbCode: orgCode,
          postcode: null,
          openDate: null,
          closeDate: null,
          successorCode: null,
        });
      }
      if (out.length > 0) yield out;
    }
  },
};
