import { D2 } from "../constants.js";
import { averageMovingRange } from "../xmrLimits.js";
import type { SpcWorkspace } from "../workspace.js";
import type { ChartData } from "./chartDefinition.js";

/**
 * Shared engine of the p, p', u and u' charts (varying denominators).
 *
 *   centre  = sum(numerator) / sum(denominator) over the baseline
 *   sigma_i = sqrt(variance(centre) / n_i), variance = p(1 - p) (p charts) or u (u charts)
 *   limits  = centre +/- 3 sigma_i, 2-sigma lines centre +/- 2 sigma_i, clamped to [lower, upper]
 *
 * Laney's prime charts (p', u') correct for over- or under-dispersion between subgroups:
 *   z_i = (x_i - centre) / sigma_i over the baseline, sigma_z = AMR(z) / 1.128 (AMR screened like
 *   the XmR chart when screening is on), and sigma'_i = sigma_i x sigma_z.
 * Reference: Laney, "Improved control charts for attributes", Quality Engineering 14(4) (2002);
 * PowerBI-SPC (WA Department of Health) chart types p, pp, u, up.
 */
export function attributeLimitsInto(
  data: ChartData,
  start: number,
  end: number,
  baselineEnd: number,
  screen: boolean,
  ws: SpcWorkspace,
  kind: "p" | "u",
  laney: boolean,
  scratch: { z: Float64Array },
): void {
  let num = 0;
  let den = 0;
  for (let i = start; i < baselineEnd; i++) {
    num += data.numerator[i]!;
    den += data.denominator[i]!;
  }
  const centre = den > 0 ? num / den : NaN;
  const variance = kind === "p" ? centre * (1 - centre) : centre;
  let sigmaZ = 1;
  if (laney) {
    const len = baselineEnd - start;
    if (scratch.z.length < len) scratch.z = new Float64Array(len);
    for (let i = start; i < baselineEnd; i++) {
      scratch.z[i - start] = (data.value[i]! - centre) / Math.sqrt(variance / data.denominator[i]!);
    }
    sigmaZ = averageMovingRange(scratch.z, 0, len, screen) / D2;
  }
  const upper = kind === "p" ? 1 : Infinity;
  for (let i = start; i < end; i++) {
    const sigma = Math.sqrt(variance / data.denominator[i]!) * sigmaZ;
    ws.centre[i] = centre;
    ws.lpl[i] = Math.max(0, centre - 3 * sigma);
    ws.upl[i] = Math.min(upper, centre + 3 * sigma);
    ws.nearLpl[i] = Math.max(0, centre - 2 * sigma);
    ws.nearUpl[i] = Math.min(upper, centre + 2 * sigma);
  }
}
