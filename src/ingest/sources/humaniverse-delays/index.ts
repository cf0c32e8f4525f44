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
import { hasColumns, requireColumns } from "../shared/columns.js";
import { Groups } from "../shared/grouped.js";
import { RowReader } from "../shared/row.js";
import { ValueBatch } from "../shared/values.js";
import { givenTwice } from "../../problem-messages.js";

const REQUIRED = ["nhs_trust22_code", "date", "delay_reason", "delay_count"] as const;

export const humaniverseDelaysFormat: ValuesFormat = {
  kind: "values",
  id: "humaniverse-delays",
  source: "humaniverse-delays",
  description:
    "Delayed discharges by reason, trust and month (humaniverse/healthyr): nhs_trust22_code, date, delay_reason, delay_count",
  hasHeader: true,
  detect: (first) => hasColumns(first, REQUIRED),
  async *parse(records, ctx) {
    const c = requireColumns(ctx, REQUIRED);
    if (!c) return;
    const row = new RowReader(ctx);
    const groups = new Groups(() => ({
      total: null as number | null,
      reasons: new Map<string, number>(),
    }));
    for await (const batch of records) {
      for (const record of batch) {
        if (!row.next(record)) continue;
        const orgCode = row.orgCode(c.nhs_trust22_code);
        const date = row.date(c.date);
        const reason = row.text(c.delay_reason);
        const count = row.num(c.delay_count);
        if (row.bad || !date || !orgCode) continue;
        const g = groups.get(orgCode, date.slice(0, 8) + "01", row.line);
        const earlier = g.reasons.get(reason);
        if (earlier !== undefined) {
          row.problem(
            c.delay_reason,
            reason,
            givenTwice("trust, month and delay reason", [earlier, row.line]),
          );
          continue;
        }
        g.reasons.set(reason, row.line);
        if (count !== null) g.total = (g.total ?? 0) + count;
      }
    }
    const values = new ValueBatch(ctx);
    for (const { orgCode, periodStart, line, acc } of groups.all())
      values.count(orgCode, "delayed_discharge_patients", "month", periodStart, acc.total, line);
    yield values.take();
  },
};
