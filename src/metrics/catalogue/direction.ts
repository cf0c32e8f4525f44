/**
 * A metric's improvement direction (`improvementDirection` in its definition) in the two forms
 * the code needs: a sign for arithmetic and the SPC direction of src/stats/spc.
 * Example: ae_4hr_all is higher_is_better → sign +1, SPC "increase".
 */
import type { ImprovementDirection as SpcDirection } from "../../stats/spc/index.js";
import type { MetricDefinition } from "./types.js";

type WithDirection = Pick<MetricDefinition, "improvementDirection">;

/** +1 higher is better, −1 lower is better, 0 neutral. */
export function directionSignOf(def: WithDirection): -1 | 0 | 1 {
  return def.improvementDirection === "higher_is_better"
    ? 1
    : def.improvementDirection === "lower_is_better"
      ? -1
      : 0;
}

/** The SPC improvement direction: "increase", "decrease" or "neutral". */
export function spcDirectionOf(def: WithDirection): SpcDirection {
  const sign = directionSignOf(def);
  return sign > 0 ? "increase" : sign < 0 ? "decrease" : "neutral";
}
