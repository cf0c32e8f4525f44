/**
 * Organisation successions: the shared data's derived/org_successions.csv (25 rows), a tidy
 * extract of epiforecasts' trust mergers 2020–21 and the April 2026 ICB mergers (decision 0010
 * says why this file is read and those two are reference-only):
 *
 *   org_level,predecessor_code,successor_code,effective_date,source,note
 *   "trust","RDD","RAJ","2020-04-01","epiforecasts/trust_mergers.csv","effective date = …"
 *   "icb","QJG","D7T5G","2026-04-01","davewest-…","successor: Essex ICB (predecessor split …)"
 *
 * One row per predecessor → successor link, from its effective date (the first day under the
 * successor). What it holds, handled on purpose:
 * - Splits: a predecessor on several rows (QJG → D7T5G and T6Y0W, QNQ → S0E4D and S9B9J) has
 *   several successors; none of them is "the" successor (organisations.successor_code stays empty).
 * - Partial successions: a note beginning "partial" (RW6 → RM3: Pennine Acute was split, North
 *   Manchester General went to R0A) took only part of the services; kept, shown with its note,
 *   and not a clean successor either.
 * - Successors the registry may not hold (the six new ICBs, e.g. D7T5G): the derived file writes
 *   their names in the note as "successor: Essex ICB"; that name is kept for the pages.
 * - Closures with no successor (RBZ, RA4, RVY, R1C, RYK, RRP, RY9, RAP) are not in the file: the
 *   ODS close date shows them closed, and pages say no successor is recorded.
 */
import type { ReferenceInput } from "../../format.js";
import type { Succession } from "../../../metrics/reference-data.js";
import { givenTwice, oneOf, SUCCESSOR_IS_PREDECESSOR } from "../../problem-messages.js";
import { referenceFormat } from "../shared/reference-format.js";

const COLUMNS = ["org_level", "predecessor_code", "successor_code", "effective_date"] as const;
const LEVELS = ["trust", "icb"] as const;

/** The derived file's note convention for successors: "successor: Essex ICB (…)". */
const SUCCESSOR_NAME = /^successor:\s*([^(]+?)\s*(?:\(|$)/i;
/** A succession that took only part of the predecessor's services. */
const PARTIAL = /^partial\b/i;

interface State {
  rows: Succession[];
  lines: Map<string, number>;
}

export const orgSuccessionsFormat = referenceFormat({
  id: "org-successions",
  description:
    "Organisation successions (reference): org_level, predecessor_code, successor_code, effective_date, note; mergers, splits and partial successions",
  columns: COLUMNS,
  optional: ["note"] as const,
  state: (): State => ({ rows: [], lines: new Map() }),
  map(row, c, state) {
    const level = row.text(c.org_level).toLowerCase();
    if (!(LEVELS as readonly string[]).includes(level))
      row.problem(c.org_level, row.text(c.org_level), oneOf(LEVELS));
    const predecessorCode = row.orgCode(c.predecessor_code);
    const successorCode = row.orgCode(c.successor_code);
    const effectiveDate = row.date(c.effective_date);
    if (predecessorCode && predecessorCode === successorCode)
      row.problem(c.successor_code, successorCode, SUCCESSOR_IS_PREDECESSOR);
    if (row.bad || !predecessorCode || !successorCode || !effectiveDate) return;
    const key = `${predecessorCode} ${successorCode}`;
    const earlier = state.lines.get(key);
    if (earlier !== undefined) {
      row.problem(
        c.successor_code,
        key,
        givenTwice("predecessor and successor", [earlier, row.line]),
      );
      return;
    }
    state.lines.set(key, row.line);
    const note = row.text(c.note) || null;
    state.rows.push({
      predecessorCode,
      successorCode,
      effectiveDate,
      orgLevel: level as Succession["orgLevel"],
      partial: note !== null && PARTIAL.test(note),
      successorName: (note && SUCCESSOR_NAME.exec(note)?.[1]) ?? null,
      note,
    });
  },
  finish: (state: State): ReferenceInput[] => state.rows.map((r) => ({ type: "succession", ...r })),
});
