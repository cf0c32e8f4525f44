/**
 * What the self-assessment pages show of rounds: the overall score, the change between two
 * rounds in words, the history chart and the CSV. Every sentence is computed from the rounds it
 * describes; a row left blank is said to be blank, never counted as a score.
 */
import type { Matrix, Round } from "../../../assessments/types.js";
import { toCsv } from "../../../metrics/csv.js";
import { lineChart } from "../../charts/index.js";
import type { Chart } from "../../charts/types.js";
import { formatPeriod } from "../../../metrics/period.js";

/** The mean of a round's row scores (one decimal), or null when no row has a score. */
export function overallScore(round: Round): number | null {
  const scores = round.answers.map((a) => a.score).filter((s): s is number => s !== null);
  if (scores.length === 0) return null;
  return Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10;
}

/** "3 (Testing)"; "no level" for a blank. */
export function levelText(matrix: Matrix, score: number | null | undefined): string {
  if (score === null || score === undefined) return "no level";
  const label = matrix.levels.find((l) => l.score === score)?.label;
  return label ? `${score} (${label})` : String(score);
}

const scoreOf = (round: Round, rowId: string) =>
  round.answers.find((a) => a.rowId === rowId)?.score ?? null;

export const dateText = (isoDate: string) => formatPeriod(isoDate, "day");

/** Per row, in words, how the score moved from `before` to `after`. */
export function changes(matrix: Matrix, before: Round, after: Round): string[] {
  return matrix.rows.map((row) => {
    const a = scoreOf(before, row.id);
    const b = scoreOf(after, row.id);
    if (a === null || b === null)
      return `${row.title}: ${levelText(matrix, a)} then ${levelText(matrix, b)}.`;
    if (b > a) return `${row.title} rose from ${levelText(matrix, a)} to ${levelText(matrix, b)}.`;
    if (b < a) return `${row.title} fell from ${levelText(matrix, a)} to ${levelText(matrix, b)}.`;
    return `${row.title} stayed at ${levelText(matrix, a)}.`;
  });
}

/** The takeaway of the history chart. */
function takeaway(rounds: readonly Round[]): string {
  const first = rounds[0]!;
  const last = rounds.at(-1)!;
  const a = overallScore(first);
  const b = overallScore(last);
  if (rounds.length === 1 || a === null || b === null)
    return `The overall score (the mean of the rows' levels) was ${b ?? "not set"} on ${dateText(last.assessedOn)}, the only submitted round so far.`;
  const verb = b > a ? "rose" : b < a ? "fell" : "stayed the same";
  return b === a
    ? `The overall score (the mean of the rows' levels) stayed at ${b} from ${dateText(first.assessedOn)} to ${dateText(last.assessedOn)}, over ${rounds.length} rounds.`
    : `The overall score (the mean of the rows' levels) ${verb} from ${a} on ${dateText(first.assessedOn)} to ${b} on ${dateText(last.assessedOn)}, over ${rounds.length} rounds.`;
}

/** Scores per row and overall across submitted rounds (oldest first); null when there are none. */
export function historyChart(
  matrix: Matrix,
  orgName: string,
  rounds: readonly Round[],
): Chart | null {
  if (rounds.length === 0) return null;
  const series = [
    {
      name: "Overall (mean)",
      points: rounds.map((r) => ({ date: r.assessedOn, value: overallScore(r) })),
    },
    ...matrix.rows.map((row) => ({
      name: row.title,
      points: rounds.map((r) => ({ date: r.assessedOn, value: scoreOf(r, row.id) })),
    })),
  ];
  return lineChart(series, {
    id: "assessment-history",
    title: `${matrix.title}: ${orgName}'s levels across ${rounds.length} submitted ${rounds.length === 1 ? "round" : "rounds"}`,
    periodType: "day",
    slotPerDate: true,
    format: { decimals: 1 },
    takeaway: takeaway(rounds),
  });
}

/** An organisation's own rounds as CSV: one line per round and row. */
export function roundsCsv(matrix: Matrix, rounds: readonly Round[]): string {
  const head = [
    "matrix_id",
    "org_code",
    "round_id",
    "assessed_on",
    "status",
    "visibility",
    "guide_version",
    "row_id",
    "row_title",
    "score",
    "level",
    "evidence",
  ];
  const lines = rounds.flatMap((r) =>
    matrix.rows.map((row) => {
      const answer = r.answers.find((a) => a.rowId === row.id);
      const score = answer?.score ?? null;
      return [
        matrix.id,
        r.orgCode,
        r.roundId,
        r.assessedOn,
        r.status,
        r.visibility,
        r.guideVersion ?? "",
        row.id,
        row.title,
        score,
        score === null ? "" : (matrix.levels.find((l) => l.score === score)?.label ?? ""),
        answer?.evidence ?? "",
      ];
    }),
  );
  return toCsv(head, lines);
}
