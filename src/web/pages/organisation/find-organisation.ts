/** Looking up the organisation a page is about (shared by the dashboard and the metric pages). */
import { NotFoundError } from "../../../errors.js";
import type { AppContext } from "../../context.js";

/** The organisation, from a per-data-version map (no database round trip per request), or a 404. */
export async function organisationOr404(ctx: AppContext, code: string) {
  const byCode = await ctx.cache.get(
    "organisations-by-code",
    async () =>
      new Map(
        (await ctx.directory.organisations({ includeClosed: true })).map((o) => [o.orgCode, o]),
      ),
  );
  const org = byCode.get(code);
  if (!org) throw new NotFoundError(`There is no organisation with the code ${code}.`);
  return org;
}
