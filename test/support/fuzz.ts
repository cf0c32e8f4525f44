/**
 * Settings shared by the fuzz tests (fast-check): a fixed seed, so a run is repeatable in CI, that
 * `FUZZ_SEED` overrides (`FUZZ_SEED=123 npx vitest run test/stats/fuzz.test.ts`); `FUZZ_RUNS`
 * scales the number of cases. fast-check prints the seed and the shrunk counterexample of a
 * failure; pass that seed back to reproduce it.
 */
import fc from "fast-check";

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261204);

/** Parameters for `fc.assert`: the seed, and `runs` cases (times FUZZ_RUNS / 100 when set). */
export function fuzzParameters(runs: number): fc.Parameters<unknown> {
  const scale = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) / 100 : 1;
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(runs * scale)) };
}

/** Hostile numbers: any double (NaN, ±Infinity, −0, subnormals, ±1.8e308), integers, edge constants. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.integer({ min: -1000, max: 100_000 }),
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e-300, 5e-324, 1e15, 1e308, -1e308, NaN, Infinity, -Infinity),
);
