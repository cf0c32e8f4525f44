/**
 * Transaction-local settings for the checks (`set_config(…, true)`), put back when `fn` is done
 * (if it fails, the import's transaction is rolled back, and its settings with it). Used for
 * memory (large sources are aggregated in memory) and to steer the planner where its estimates
 * are known to be wrong (series.ts, flag.ts).
 */
import type { PoolClient } from "pg";

export async function withSettings<T>(
  client: PoolClient,
  settings: Record<string, string>,
  fn: () => Promise<T>,
): Promise<T> {
  const names = Object.keys(settings);
  if (names.length === 0) return fn();
  const { rows } = await client.query<{ previous: string[] }>(
    `SELECT array_agg(current_setting(n) ORDER BY i) AS previous FROM unnest($1::text[]) WITH ORDINALITY AS s(n, i)`,
    [names],
  );
  const set = (values: string[]) =>
    client.query("SELECT set_config(n, v, true) FROM unnest($1::text[], $2::text[]) AS s(n, v)", [
      names,
      values,
    ]);
  await set(Object.values(settings));
  const result = await fn();
  await set(rows[0]?.previous ?? []);
  return result;
}
