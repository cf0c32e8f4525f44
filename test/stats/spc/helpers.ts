import type { SpcInputPoint } from "../../../src/stats/spc/index.js";

/** Monthly points from 2020-01-01 with the given values (null = missing). */
export function monthly(values: readonly (number | null)[]): SpcInputPoint[] {
  return values.map((value, i) => {
    const y = 2020 + Math.floor(i / 12);
    const m = (i % 12) + 1;
    return { date: `${y}-${String(m).padStart(2, "0")}-01`, value };
  });
}

export const near = (a: number | null, b: number, tol = 1e-9) =>
  a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
