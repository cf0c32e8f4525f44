/**
 * humaniverse/healthyr `england_delayed_discharge_reasons`: patients delayed in acute hospitals
 * after no longer meeting the criteria to reside, by recorded reason (37 reasons), by trust and
 * month, June 2024 – May 2025 (trust-name column dropped in the shared copy):
 *
 *   nhs_trust22_code,date,delay_reason,delay_count
 *
 * Mapping: delayed_discharge_patients = Σ delay_count over all reasons, per trust and month.
 * The same trust, month and reason twice is an error naming both lines.
 */
import type { ValuesFormat } from "../../format.js";
import { Groups } from "../shared/grouped.js";
import { rowFormat } from "../shared/row-format.js";
import { givenTwice } from "../../problem-messages.js";

const REQUIRED = ["nhs_trust22_code", "date", "delay_reason", "delay_count"] as const;

export const humaniverseDelaysFormat: ValuesFormat = rowFormat({
  id: "humaniverse-delays",
  description:
    "Delayed discharges by reason, trust and month (humaniverse/healthyr): nhs_trust22_code, date, delay_reason, delay_count",
  columns: REQUIRED,
  state: () =>
    new Groups(() => ({ total: null as number | null, reasons: new Map<string, number>() })),
  map(row, c, _values, groups) {
    const orgCode = row.orgCode(c.nhs_trust22_code);
    const date = row.date(c.date);
    const reason = row.text(c.delay_reason);
    const count = row.num(c.delay_count);
    if (row.bad || !date || !orgCode) return;
    const g = groups.get(orgCode, date.slice(0, 8) + "01", row.line);
    const earlier = g.reasons.get(reason);
    if (earlier !== undefined) {
      row.problem(
        c.delay_reason,
        reason,
        givenTwice("trust, month and delay reason", [earlier, row.line]),
      );
      return;
    }
    g.reasons.set(reason, row.line);
    if (count !== null) g.total = (g.total ?? 0) + count;
  },
  finish(values, groups) {
    for (const { orgCode, periodStart, line, acc } of groups.all())
      values.count(orgCode, "delayed_discharge_patients", "month", periodStart, acc.total, line);
  },
});
