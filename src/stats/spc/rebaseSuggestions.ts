import { RuleBit } from "./codes.js";
import type { SuggestedRebasePoint } from "./types.js";

/**
 * Candidate rebase dates: every sustained shift (a run of at least `runLength` points on one side
 * of the centre line, the shift rule) that does not already start at the beginning of its group.
 * Only suggestions: a person rebases, with a reason (a known change to the process), never the
 * engine. The candidate date is the first point of the run.
 *
 * `dates[i]`, `groups[i]`, `rules[i]` and `sides[i]` describe the observed points in date order.
 */
export function suggestRebasePoints(
  dates: readonly string[],
  groups: ArrayLike<number>,
  rules: Uint8Array,
  sides: Int8Array,
  runLength: number,
): SuggestedRebasePoint[] {
  const out: SuggestedRebasePoint[] = [];
  const n = dates.length;
  let i = 0;
  while (i < n) {
    if (!(rules[i]! & RuleBit.shift)) {
      i++;
      continue;
    }
    const side = sides[i]!;
    const group = groups[i]!;
    let j = i + 1;
    while (j < n && rules[j]! & RuleBit.shift && sides[j] === side && groups[j] === group) j++;
    const atGroupStart = i === 0 || groups[i - 1] !== group;
    if (!atGroupStart && j - i >= runLength) {
      const direction = side > 0 ? "above" : "below";
      const date = dates[i]!;
      const lastDate = dates[j - 1]!;
      out.push({
        date,
        lastDate,
        group,
        direction,
        length: j - i,
        reason: `${j - i} points ${direction} the centre line from ${date} to ${lastDate}: a sustained shift; rebase at ${date} only if a known change to the process explains it`,
      });
    }
    i = j;
  }
  return out;
}
