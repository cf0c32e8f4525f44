/**
 * Which format an answer takes: JSON by default; CSV for a list when the caller sends
 * `Accept: text/csv` or `?format=csv`. Media ranges count as RFC 9110 says (the `negotiator`
 * package): any type ("*\/*", what curl and fetch send by default) is JSON; any text ("text\/*") is CSV where a list
 * offers it. An Accept header naming neither (text/html only) is a 406, never an HTML page.
 *
 * @example answerFormat("text/csv, application/json;q=0.5", undefined, true) // "csv"
 * @example answerFormat("*\/*", undefined, true) // "json"
 */
import Negotiator from "negotiator";
import { ApiProblem } from "./errors.js";

export type AnswerFormat = "json" | "csv";

export function answerFormat(
  accept: string | undefined,
  format: unknown,
  hasCsv: boolean,
): AnswerFormat {
  if (format === "csv" && hasCsv) return "csv";
  if (format === "json") return "json";
  if (accept === undefined || accept.trim() === "") return "json";
  const offered = hasCsv ? ["application/json", "text/csv"] : ["application/json"];
  const chosen = new Negotiator({ headers: { accept } }).mediaType(offered);
  if (chosen === "text/csv") return "csv";
  if (chosen === "application/json") return "json";
  throw new ApiProblem(
    406,
    "not_acceptable",
    `This endpoint answers in ${offered.join(" or ")}, not ${JSON.stringify(accept.slice(0, 100))}.`,
  );
}
