/**
 * Rolling daily figures up to ISO weeks (Monday start) and calendar months. Each component is
 * summed over the days that reported it and the number of those days is kept, so a format can
 * turn the totals into what its metric needs: a flow (discharges) is the sum; a stock (patients
 * not meeting the criteria to reside) is the mean daily value, sum / days reported. A period at
 * the edge of the data (or with days missing) covers only the days present: ratios of sums and
 * means of days stay unbiased, which is why only those are derived from daily data.
 */
import { periodStartOf } from "../../../metrics/period.js";

export interface RollupEntry {
  orgCode: string;
  periodType: "week" | "month";
  periodStart: string;
  /** Per component: the sum over the days that reported it. */
  sums: number[];
  /** Per component: how many days reported it. */
  days: number[];
  /** First input line that contributed (for messages). */
  line: number;
}

export class DailyRollup {
  private readonly entries = new Map<string, RollupEntry>();
  private readonly periods = new Map<string, [string, string]>();

  constructor(private readonly components: number) {}

  add(orgCode: string, day: string, values: readonly (number | null)[], line: number): void {
    let starts = this.periods.get(day);
    if (!starts) {
      starts = [periodStartOf(day, "week"), periodStartOf(day, "month")];
      this.periods.set(day, starts);
    }
    this.addTo(orgCode, "week", starts[0], values, line);
    this.addTo(orgCode, "month", starts[1], values, line);
  }

  private addTo(
    orgCode: string,
    periodType: "week" | "month",
    periodStart: string,
    values: readonly (number | null)[],
    line: number,
  ): void {
    const key = `${orgCode}\t${periodType}\t${periodStart}`;
    let e = this.entries.get(key);
    if (!e) {
      e = {
        orgCode,
        periodType,
        periodStart,
        sums: new Array<number>(this.components).fill(0),
        days: new Array<number>(this.components).fill(0),
        line,
      };
      this.entries.set(key, e);
    }
    for (let i = 0; i < this.components; i++) {
      const v = values[i];
      if (v !== null && v !== undefined) {
        e.sums[i]! += v;
        e.days[i]! += 1;
      }
    }
  }

  all(): IterableIterator<RollupEntry> {
    return this.entries.values();
  }
}
