/**
 * Preallocated typed arrays the kernel writes into: one slot per point, no objects in the hot
 * path. Create one per analysis (sized to the series) or reuse one sized to the longest series
 * when analysing many series in a loop (see bench/spc.ts).
 */
export interface SpcWorkspace {
  readonly capacity: number;
  /** Centre line (the mean for XmR, the median for run and g charts). NaN when undefined. */
  readonly centre: Float64Array;
  /** Lower and upper process limits (3-sigma). NaN when undefined. */
  readonly lpl: Float64Array;
  readonly upl: Float64Array;
  /** "Near" limits: the 2-sigma lines used by the two-in-three rule. */
  readonly nearLpl: Float64Array;
  readonly nearUpl: Float64Array;
  /** sign(value - centre): -1, 0, +1. */
  readonly relativeToMean: Int8Array;
  /** Tri-state (see `Tri`): beyond a process limit. */
  readonly outside: Uint8Array;
  /** Tri-state: beyond a 2-sigma line but not beyond the limit. */
  readonly close: Uint8Array;
  /** Rule membership bits (see `RuleBit`) before precedence. */
  readonly rules: Uint8Array;
  /** The deciding rule after precedence (see `SpecialCause`). */
  readonly specialCause: Uint8Array;
  /** Point type code (see `PointTypeCode`). */
  readonly pointType: Uint8Array;
}

export function createWorkspace(capacity: number): SpcWorkspace {
  return {
    capacity,
    centre: new Float64Array(capacity),
    lpl: new Float64Array(capacity),
    upl: new Float64Array(capacity),
    nearLpl: new Float64Array(capacity),
    nearUpl: new Float64Array(capacity),
    relativeToMean: new Int8Array(capacity),
    outside: new Uint8Array(capacity),
    close: new Uint8Array(capacity),
    rules: new Uint8Array(capacity),
    specialCause: new Uint8Array(capacity),
    pointType: new Uint8Array(capacity),
  };
}

/** Copies the five lines of point `start` to the points start + 1 .. end - 1. */
export function copyLinesFromStart(ws: SpcWorkspace, start: number, end: number): void {
  ws.centre.fill(ws.centre[start]!, start + 1, end);
  ws.lpl.fill(ws.lpl[start]!, start + 1, end);
  ws.upl.fill(ws.upl[start]!, start + 1, end);
  ws.nearLpl.fill(ws.nearLpl[start]!, start + 1, end);
  ws.nearUpl.fill(ws.nearUpl[start]!, start + 1, end);
}
