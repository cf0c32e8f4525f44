/**
 * humaniverse/healthyr `england_rtt_overview`: the England consultant-led referral-to-treatment
 * waiting list (incomplete pathways) by type of wait, monthly, August 2007 – May 2024:
 *
 *   "month","type_of_wait","count"
 *   2007-08-01,"No. within 18 weeks",2395656
 *
 * Types: "No. within 18 weeks", "No. > 18 weeks", "No. > 52 weeks", "Total waiting". National
 * only, stored under "ENG". Mapping:
 *
 *   rtt_waiting_list_england = Total waiting
 *   rtt_18wk                 = within 18 weeks / Total waiting × 100
 *   rtt_52wk                 = > 52 weeks                 (count)
 *   rtt_52wk_pct             = > 52 weeks / Total waiting × 100
 *
 * The published total includes estimates for trusts that did not submit, so it is not the sum of
 * trust values (which is why rtt_waiting_list is not stored for ENG).
 */
import type { ValuesFormat } from "../../format.js";
import { ENGLAND } from "../../../metrics/organisations.js";
import { headerIs } from "../shared/columns.js";
import { Groups } from "../shared/grouped.js";
import { rowFormat } from "../shared/row-format.js";
import { givenTwiceNoLines, unknownTypeOfWait } from "../../problem-messages.js";

const COLUMNS = ["month", "type_of_wait", "count"] as const;
type WaitType = "within18" | "over18" | "over52" | "total";
const TYPES: Record<string, WaitType> = {
  "no. within 18 weeks": "within18",
  "no. > 18 weeks": "over18",
  "no. > 52 weeks": "over52",
  "total waiting": "total",
};

export const humaniverseRttFormat: ValuesFormat = rowFormat({
  id: "humaniverse-rtt",
  description:
    "England RTT waiting list by type of wait (humaniverse/healthyr): month, type_of_wait, count (stored under ENG)",
  columns: COLUMNS,
  detect: (first) => headerIs(first, COLUMNS),
  state: () => new Groups<Partial<Record<WaitType, number | null>>>(() => ({})),
  map(row, c, _values, groups) {
    const date = row.date(c.month);
    const raw = row.text(c.type_of_wait);
    const type = TYPES[raw.toLowerCase().replace(/\s+/g, " ")];
    if (!type) row.problem(c.type_of_wait, raw, unknownTypeOfWait(Object.keys(TYPES)));
    const count = row.num(c.count);
    if (row.bad || !date || !type) return;
    const g = groups.get(ENGLAND, date.slice(0, 8) + "01", row.line);
    if (type in g) {
      row.problem(c.type_of_wait, raw, givenTwiceNoLines("month and type of wait"));
      return;
    }
    g[type] = count;
  },
  finish(values, groups) {
    for (const { orgCode, periodStart, line, acc } of groups.all()) {
      const total = acc.total ?? null;
      if (acc.total !== undefined)
        values.count(orgCode, "rtt_waiting_list_england", "month", periodStart, total, line);
      if (acc.within18 !== undefined)
        values.ratio(orgCode, "rtt_18wk", "month", periodStart, acc.within18, total, line);
      if (acc.over52 !== undefined) {
        values.count(orgCode, "rtt_52wk", "month", periodStart, acc.over52, line);
        values.ratio(orgCode, "rtt_52wk_pct", "month", periodStart, acc.over52, total, line);
      }
    }
  },
});
