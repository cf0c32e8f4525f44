/**
 * What kind of trust an organisation is. ODS trust lists (etr) do not say whether a trust is an
 * acute, mental health, community or ambulance trust, so the kind is first guessed from the
 * name, in this order (first match wins):
 *
 *   1. AMBULANCE                                      → ambulance_trust
 *   2. MENTAL HEALTH, MENTAL, PSYCHIATRIC, TAVISTOCK,
 *      LEARNING DISABILIT                             → mental_health_trust
 *   3. COMMUNITY                                      → community_trust
 *   4. PARTNERSHIP, or CARE as a whole word
 *      ("… Health and Care", "… Integrated Care";
 *      not "Healthcare")                              → mental_health_trust
 *   5. anything else                                  → acute_trust
 *
 * COMMUNITY is tested before PARTNERSHIP/CARE so that "Wirral Community Health and Care" is a
 * community trust. The guess is the last resort (decision 0010): after every import
 * (refine-organisations.ts) a trust with a row in the trust-type table takes its kind from
 * it; a trust without one that reports type 1 A&E attendances or general and acute beds is acute,
 * whatever its name says (North Cumbria Integrated Care was the classic case before the trust
 * types), and one named like an acute trust that reports only mental illness or learning
 * disability beds is a mental health trust (G6V2S North London NHS FT, opened in November 2024).
 * The name alone gets many wrong: 22 open mental health trusts named "… Healthcare NHS FT" or
 * just "… NHS FT" (RAT, RV5, RWK…) were acute by this rule before the trust types were read.
 * Known limitation, for trusts with neither a type nor such activity: the guess stands, and the
 * page says the kind comes from the name.
 */
import type { ProviderKind } from "../../../metrics/organisations.js";

export type TrustKind = ProviderKind;

/** The organisation lists (format ids) whose trusts are classified by this rule. */
export const NAME_CLASSIFYING_LISTS: readonly string[] = ["ods", "trusts-reference"];

export function trustKindFromName(name: string): TrustKind {
  const n = name.toUpperCase();
  if (n.includes("AMBULANCE")) return "ambulance_trust";
  if (/MENTAL|PSYCHIATRIC|TAVISTOCK|LEARNING DISABILIT/.test(n)) return "mental_health_trust";
  if (n.includes("COMMUNITY")) return "community_trust";
  if (n.includes("PARTNERSHIP") || /\bCARE\b/.test(n)) return "mental_health_trust";
  return "acute_trust";
}
