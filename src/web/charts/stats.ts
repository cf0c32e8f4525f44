/** Small descriptive statistics for the comparison charts. */

/** Quantile by linear interpolation between order statistics (R type 7, Excel QUARTILE.INC). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(k: number): string {
  const mod100 = k % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${k}th`;
  return `${k}${["th", "st", "nd", "rd"][k % 10] ?? "th"}`;
}
