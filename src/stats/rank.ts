import type { MaybeNumber } from "./quantile.js";
import type { Polarity } from "./types.js";

/**
 * Ranking of units on a measure.
 *
 * Rank 1 is the best: the highest value when higher is better, the lowest when lower is better.
 * For a "neutral" measure rank 1 is the highest value (a plain "largest first" ordering).
 * Missing values (null, undefined, NaN) get rank NaN and do not count.
 *
 * Ties — two conventions are exported:
 * - competition ranking ("1224"): tied units share the best rank of their group and the next
 *   rank skips, so rank = 1 + the number of units strictly better. **The app uses this one**
 *   everywhere it shows a rank ("joint 2nd of 250"), because it reads naturally in a league table.
 * - average (fractional) ranking ("1 2.5 2.5 4"): tied units share the mean of the positions they
 *   occupy; ranks sum to n(n+1)/2, which is what rank-based statistics need.
 * Example, higher is better, values [10, 20, 20, 5]: competition → [3, 1, 1, 4],
 * average → [3, 1.5, 1.5, 4].
 */
export type TieMethod = "competition" | "average";

/** Indices of the non-missing values, ordered best first. */
function orderBestFirst(values: ArrayLike<MaybeNumber>, polarity: Polarity): Int32Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && !Number.isNaN(v)) count++;
  }
  const order = new Int32Array(count);
  const keys = new Float64Array(values.length);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && !Number.isNaN(v)) {
      order[j++] = i;
      keys[i] = v;
    }
  }
  const sign = polarity === "lowerIsBetter" ? 1 : -1;
  // Stable for equal keys (index order), so results do not depend on the sort implementation.
  order.sort((a, b) => sign * ((keys[a] as number) - (keys[b] as number)) || a - b);
  return order;
}

/** Ranks with the given tie convention; see {@link TieMethod}. Returns one rank per input value. */
export function rank(
  values: ArrayLike<MaybeNumber>,
  polarity: Polarity,
  ties: TieMethod = "competition",
): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  const order = orderBestFirst(values, polarity);
  let start = 0;
  while (start < order.length) {
    const v = values[order[start] as number] as number;
    let end = start + 1;
    while (end < order.length && values[order[end] as number] === v) end++;
    // Positions start+1 … end (1-based) are tied.
    const r = ties === "competition" ? start + 1 : (start + 1 + end) / 2;
    for (let k = start; k < end; k++) out[order[k] as number] = r;
    start = end;
  }
  return out;
}

/** Competition ranking ("1224"), the app's convention. Example: [10, 20, 20, 5] higher-better → [3, 1, 1, 4]. */
export function competitionRank(values: ArrayLike<MaybeNumber>, polarity: Polarity): Float64Array {
  return rank(values, polarity, "competition");
}

/** Average (fractional) ranking. Example: [10, 20, 20, 5] higher-better → [3, 1.5, 1.5, 4]. */
export function averageRank(values: ArrayLike<MaybeNumber>, polarity: Polarity): Float64Array {
  return rank(values, polarity, "average");
}
