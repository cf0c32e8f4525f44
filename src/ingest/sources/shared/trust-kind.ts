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
 * community trust. The guess is then refined by activity after every import
 * (`refineTrustKinds` in quality/refine-kinds.ts): a trust that reports type 1 A&E attendances or
 * general and acute beds is acute, whatever its name says (North Cumbria Integrated Care is the
 * classic case). Known limitation: a trust named like an acute trust that runs no acute services
 * (e.g. "Oxford Health", "Solent") stays acute_trust; nothing in the shared data tells otherwise.
 */
import type { ProviderKind } from "../../../metrics/organisations.js";

export type TrustKind = ProviderKind;

export function trustKindFromName(name: string): TrustKind {
  const n = name.toUpperCase();
  if (n.includes("AMBULANCE")) return "ambulance_trust";
  if (/MENTAL|PSYCHIATRIC|TAVISTOCK|LEARNING DISABILIT/.test(n)) return "mental_health_trust";
  if (n.includes("COMMUNITY")) return "community_trust";
  if (n.includes("PARTNERSHIP") || /\bCARE\b/.test(n)) return "mental_health_trust";
  return "acute_trust";
}
