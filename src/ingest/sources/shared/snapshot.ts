/**
 * The single-month NHS England snapshots shipped by TamTobiRalph/healthyr (May 2022 A&E, RTT and
 * DM01; April 2022 cancer and outpatient referrals; June 2022 ambulance; Q4 2021-22 KH03). Each
 * file has one row per trust ("Trust Code", "Trust Name", …) and no date column: the period is
 * fixed per format from the package documentation (PROVENANCE.md), stated in the format's
 * description. Blank cells are trusts that do not report.
 *
 * `snapshotFormat` builds such a format (a row format, row-format.ts) from its columns and a row
 * mapper; the mapper gets the
 * RowReader (numbers by column) and emits into a ValueBatch. A mapper may emit nothing: some
 * snapshots have no catalogue metric (they are recognised so that a folder import accounts for
 * them, import no values and say so in their description).
 */
import type { ValuesFormat } from "../../format.js";
import type { RowReader } from "./row.js";
import { rowFormat } from "./row-format.js";
import type { ValueBatch } from "./values.js";

export interface SnapshotSpec<K extends string> {
  id: string;
  description: string;
  /** Columns besides "trust code" (lower-case, as normalised); all required, all used for detection. */
  columns: readonly K[];
  periodStart: string;
  map(
    row: RowReader,
    c: Record<K, number>,
    orgCode: string,
    periodStart: string,
    values: ValueBatch,
  ): void;
}

export function snapshotFormat<K extends string>(spec: SnapshotSpec<K>): ValuesFormat {
  return rowFormat<K | "trust code">({
    id: spec.id,
    description: spec.description,
    columns: ["trust code", ...spec.columns],
    map(row, c, values) {
      const orgCode = row.orgCode(c["trust code"]);
      if (orgCode) spec.map(row, c, orgCode, spec.periodStart, values);
    },
  });
}
