/**
 * The reasons an import gives for a problem (the `reason` of a Problem: file, line, column and
 * value are given beside it), in one place, so that every format and both readers (record by
 * record, and the byte kernels) say the same thing in the same words. Each is written for the
 * person who has to fix the file: what is wrong, and what was expected.
 */

/** A number cell that is neither a number nor a missing-value marker. */
export const NOT_A_NUMBER = "not a number (missing values may be empty, -, * or ..)";
/** A number cell in the tidy format (which takes only empty for missing). */
export const NOT_A_NUMBER_TIDY = "not a number";
export const NOT_AN_ORG_CODE = "not an organisation code (2 to 10 letters or digits)";
export const NOT_A_DATE = "not a date";
export const NOT_A_DATE_TIDY = "not a date (use YYYY-MM-DD)";
/** The official monthly A&E `Period` cell. */
export const NOT_AN_AE_PERIOD = "not a period (expected e.g. MSitAE-MARCH-2024)";
/** A metric a format maps to that the catalogue lacks (a bug in the format). */
export const UNKNOWN_METRIC = "unknown metric id (not in the catalogue)";
/** A metric id given in a tidy file that the catalogue lacks. */
export const UNKNOWN_METRIC_TIDY = "unknown metric id (see `improve metrics`)";
export const UNKNOWN_HEADER = "header matches no known format; see `improve formats`";
export const NO_ROWS = "the file has no rows";
export const NO_DATA_ROWS =
  "the file has a header but no data rows (if it does have rows, check they use the same delimiter as the header)";

/** Required columns the header lacks; `found` lists the header as read, when given. */
export function missingColumns(missing: readonly string[], found?: readonly string[]): string {
  const list = `missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`;
  return found ? `${list} (found: ${found.join(", ")})` : list;
}

/** A row shorter than the header (a truncated row, or another delimiter than the header's). */
export function shortRow(cells: number, headerCells: number, otherDelimiter: boolean): string {
  const hint = otherDelimiter ? ": is it separated by another delimiter than the header?" : "";
  return `this row has ${cells} column${cells === 1 ? "" : "s"} where the header has ${headerCells}${hint}`;
}

/** The same key given twice in one file: `what` names the key ("organisation, month and A&E type"). */
export function givenTwice(what: string, lines: readonly (number | string)[]): string {
  return `the same ${what} is given twice (lines ${lines.join(", ")})`;
}

/** The same key given again with another value (found when the file's values are merged). */
export function givenAgainDifferently(lines: readonly number[]): string {
  return `the same organisation, metric and period is given again with a different value (lines ${lines.join(", ")})`;
}

/** The same key given twice, where the file gives no earlier line to name. */
export function givenTwiceNoLines(what: string): string {
  return `the same ${what} is given twice`;
}

// Whole files.
export const EMPTY_FILE = "the file is empty";
export const BINARY_FILE = "the file is binary, not text CSV (it contains NUL bytes)";
export function unclosedQuote(line: number): string {
  return `a quoted field that starts on line ${line} is never closed (a missing closing quote)`;
}
/** A NUL byte inside an otherwise text file (PostgreSQL cannot store it in text). */
export const NUL_IN_CELL =
  "this cell holds a NUL byte (character code 0), which text CSV never has: is the file damaged, or partly binary? Remove the byte, or export the file again as CSV UTF-8";
/** A UTF-16 file (Excel's "Unicode Text", some exports): refused rather than decoded. */
export function utf16File(endian: "little-endian" | "big-endian"): string {
  return `the file is UTF-16 (${endian}) text, which the importer does not read: save it as CSV UTF-8 (in Excel: Save As, "CSV UTF-8 (Comma delimited)") and import that`;
}
/** A header that names one column twice: which of them a format would read is a guess. */
export function columnGivenTwice(name: string, first: number, second: number): string {
  return `column ${JSON.stringify(name)} is given twice in the header (columns ${first} and ${second}): rename or remove one, so that it is clear which to read`;
}

// Organisation lists.
export const NOT_AN_ODS_CODE = "not an ODS code";
export const NOT_AN_ODS_ICB_CODE = "not an ODS ICB code";
export const NO_ORGANISATION_NAME = "the organisation name is empty";
export const NO_ICB_NAME = "the ICB name is empty";
export function odsRowWidth(cells: number): string {
  return `an ODS row has 27 columns; this one has ${cells}`;
}
export const ODS_NO_OPEN_DATE =
  "an ODS row has an open date in column 11; this one has none (is the row cut short?)";

// Reference publications (trust types, successions, peer groups).
export function notATrustType(known: readonly string[]): string {
  return `not a type of the trust-type table (expected one of ${known.join(", ")})`;
}
export function notAnAcuteSubtype(known: readonly string[]): string {
  return `not an NHS Oversight Framework acute subtype (expected one of ${known.join(", ")}, or empty)`;
}
/** A row whose type and Oversight Framework subtype contradict the table's rule (the subtype wins). */
export function typeContradictsSubtype(publishedType: string): string {
  return publishedType === "acute" || publishedType === "acute_specialist"
    ? `the trust-type table gives acute_specialist to exactly the trusts whose Oversight Framework subtype is "Acute - Specialist" (its rule: the subtype wins); this row's type is ${publishedType}`
    : `only acute trusts have an Oversight Framework subtype; this row's type is ${publishedType}`;
}
export const NOT_Y_OR_EMPTY = "must be Y or empty";
export const SUCCESSOR_IS_PREDECESSOR = "an organisation cannot be its own successor";

// Values formats' own cells.
export const NOT_AN_AE_TYPE = "A&E type must be 1, 2 or other";
export const NOT_AN_ICB_ONS_CODE = "not the ONS code (E54…) of one of the 42 ICBs";
export const ONLY_62D_COMBINED = "only the 62d_combined standard is mapped";
/** The AmbSYS `level` cell (the row's kind of organisation). */
export const NOT_AN_AMBSYS_LEVEL = "level must be England, Region or Trust";
/** A Cancer Waiting Times standard with no catalogue metric (older extracts: 2WW, 31-day first…). */
export function notACwtStandard(known: readonly string[]): string {
  return `not a Cancer Waiting Times standard the catalogue maps (expected ${known.join(", ")})`;
}
/** A Cancer Waiting Times row whose total is not its patients within the standard plus its breaches. */
export function cwtTotalMismatch(within: number, breaches: number): string {
  return `total is not within_standard + breaches (${within} + ${breaches})`;
}
export const CWT_FDS_MODALITY =
  "a 28-day FDS row has no treatment modality (no treatment has started); this one names one";
export const CWT_NO_MODALITY =
  "a 31- or 62-day row names its treatment modality: ALL MODALITIES, or one modality (Surgery, Anti-cancer drug regimen, Radiotherapy, Other)";
/**
 * The same extract row twice: a file that stacks two extracts of the same month (a provisional
 * one and its revision). Adding both would count every patient twice.
 */
export function cwtRowTwice(lines: readonly number[]): string {
  return `${givenTwice("month, standard, organisation, route, treatment modality and cancer type", lines)}: are two extracts of the same month stacked in one file? Import each extract as its own file, the later one last: its figures then revise the earlier ones, which are kept as revisions`;
}
export const SHMI_PERIOD_NOT_IN_NAME =
  "the SHMI trust-level file gives its twelve months only in its name (as published: SHMI_data_at_trust_level_Feb25-Jan26_csv.csv); keep a name with the months written like Feb25-Jan26";
export function shmiNotTwelveMonths(months: number): string {
  return `the months in the file's name span ${months} months, not the twelve of a SHMI period`;
}
export const SHMI_BANDING =
  "SHMI banding must be 1 (higher than expected), 2 (as expected) or 3 (lower than expected)";
export function shmiNotObservedOverExpected(low: number, high: number): string {
  return `SHMI_VALUE is not OBSERVED / EXPECTED (between ${low.toFixed(4)} and ${high.toFixed(4)}, allowing for both being rounded to the nearest 5)`;
}
export const LIMITS_REVERSED = "the lower control limit is above the upper one";
export function unknownTypeOfWait(expected: readonly string[]): string {
  return `unknown type of wait (expected one of ${expected.join(", ")})`;
}
/** A value computed from a row that is past the largest double (found by the fuzz tests). */
export const ROW_NOT_FINITE =
  "this row's figures give a number past the largest a computer can hold (±Infinity: a huge figure, or a ratio over a denominator near 0); check the row's numbers";

// The tidy format.
export const TIDY_NEEDS_VALUES = "needs a value column, or numerator and denominator columns";
export function oneOf(allowed: readonly string[]): string {
  return `must be one of ${allowed.join(", ")}`;
}
export function valueDisagreesWithRatio(multiplier: number, computed: number): string {
  return `does not equal numerator / denominator × ${multiplier} = ${computed}`;
}

// --- ZIP archives ----------------------------------------------------------------------------

const listed = (names: readonly string[]): string =>
  names.length > 10 ? `${names.slice(0, 10).join(", ")}, …` : names.join(", ");

/** Why an archive or one of its entries is refused or skipped (sizes come formatted: "2.0 GB"). */
export const ZIP = {
  noSuchFile: "no such file",
  unreadable: (why: string) => `not a readable ZIP archive (${why})`,
  tooManyEntries: (count: number, max: number) =>
    `${count} entries, more than the ${max} accepted in one archive: refused`,
  encrypted: "encrypted entries cannot be read",
  unsupportedCompression: (method: number) =>
    `compression method ${method} is not supported (only stored and deflated)`,
  entryTooLarge: (size: string, max: string) =>
    `${size} uncompressed, more than the ${max} accepted for one entry: refused`,
  archiveTooLarge: (total: string, max: string) =>
    `the CSV entries up to this one hold ${total} uncompressed, more than the ${max} accepted for one archive: refused`,
  spreadsheetNamedZip:
    "this is a spreadsheet (Excel workbook) saved with a .zip name: open it and save each sheet as CSV (comma delimited)",
  noMatchingEntry: (pattern: string, csvNames: readonly string[]) =>
    `no CSV file in the archive matches the entry pattern ${JSON.stringify(pattern)} (CSV files: ${listed(csvNames)})`,
  noCsv: (names: readonly string[]) =>
    names.length === 0
      ? "the archive holds no CSV file (it is empty)"
      : `the archive holds no CSV file (entries: ${listed(names)})`,
  moreThanDeclared: (declared: string) =>
    `holds more data than the archive declares (${declared}), as a zip bomb would: refused`,
  corruptEntry: (why: string) => `corrupt entry, cannot be extracted (${why})`,
  overLimit: (limit: string) => `more than ${limit} uncompressed: refused`,
  checksum: "corrupt entry: its data does not match the archive's checksum (CRC-32)",
  skipNestedArchive: "an archive inside the archive (not unpacked)",
  skipSpreadsheet: "a spreadsheet, not CSV",
  skipNotCsv: "not a CSV file",
  skipNotMatching: (pattern: string) =>
    `does not match the entry pattern ${JSON.stringify(pattern)}`,
} as const;

// Quarterly publications (KH03 beds, cancelled operations) and DM01 by test.
export const NOT_A_FINANCIAL_YEAR = "not a financial year (expected e.g. 2024-25)";
export const NOT_A_QUARTER_END_MONTH =
  "not the last month of a quarter (expected March, June, September or December)";
export const NOT_A_CANCELLED_OPS_QUARTER =
  'not a quarter (expected e.g. "Quarter 1, 2025-26 (April to June 2025)", its months matching the quarter)';
export const NOT_A_DM01_TEST =
  "not a DM01 diagnostic test id (1 to 15, or 16 for the provider's Total row)";
/** A provider's Total row (test 16) that is not the sum of its tests 1–15 in a column. */
export function dm01TotalDiffers(sumOfTests: number): string {
  return `the provider's Total row (diagnostic_id 16) should equal the sum of its tests 1 to 15 for the month (${sumOfTests})`;
}

// NHS Talking Therapies (IAPT) by trust.
export const UNKNOWN_IAPT_MEASURE =
  "not a Talking Therapies measure this format knows (Percentage_Recovery, Percentage_ReliableRecovery, Percentage_Improvement, Percentage_AccessingServices6WeeksFinishedCourseTreatment, Percentage_AccessingServices18WeeksFinishedCourseTreatment, or one of the count and deterioration measures it skips)";
export const IAPT_PERCENTAGE_RANGE = "a percentage must be between 0 and 100";

// NHS Staff Survey organisational results.
export const NSS_YEAR_NOT_IN_NAME =
  "the Staff Survey results give the survey year only in the file's name: keep a name with it written like nss24 (as in nss24_themes.csv)";
export const UNKNOWN_NSS_GROUP =
  "not a Staff Survey benchmarking group this format knows (the five NHS trust groups, or ICBs, CSUs, social enterprises and community surgical services, which are not stored)";
export const NSS_TRUST_WEIGHTING =
  "a trust's scores must be weighted by \"Occupation Group\" (an unweighted score is not comparable with other trusts')";
export const NSS_SCORE_RANGE = "a Staff Survey score must be between 0 and 10";
export const NSS_SCORE_WITHOUT_BASE =
  "a score needs its base (the number of staff who answered) in the _base column beside it";

// The NHS Oversight Framework acute-trust file (sources/nof).
export const NOF_NOT_ACUTE =
  "this format reads NHS England's Oversight Framework acute-trust file; Trust_type must be Acute trust";
export function nofUnknownMetric(id: string): string {
  return `not an Oversight Framework metric the catalogue knows (no metric ${id}; see docs/metrics.md, NHS Oversight Framework)`;
}
export function nofUnknownPeriod(known: readonly string[]): string {
  return `not a Reporting_date spelling the format knows (it reads, for example, ${known.map((k) => (k === "" ? "blank" : `"${k}"`)).join(", ")}); add the spelling to the table in src/ingest/sources/nof/period.ts on purpose`;
}
export function nofPeriodTypeMismatch(found: string, expected: string): string {
  return `this Reporting_date is a ${found.replace("_", " ")} period, but the metric is published by ${expected.replace("_", " ")}: has the metric's period changed?`;
}
export const NOF_BLANK_DATE =
  "Reporting_date is blank; only the summary rows (Domain Summary) may be, and they take the period of the trust's segmentation";
export const NOF_NO_SEGMENTATION =
  "this row's period is the trust's segmentation period (its Reporting_date is blank or 'as at' the segmentation), but the file has no adjusted segment (OF5000) row for the trust to take it from";
export const NOF_SEGMENTATION_NOT_QUARTER =
  "the adjusted segment (OF5000) must be for a quarter (e.g. Q1 2025/26): it sets the period of the summary rows";
export function nofYearToDateBeyondQ1(segmentation: string): string {
  return `"Year to date" is read up to the end of the trust's segmentation quarter, which is ${segmentation}; only a first-quarter year to date (April to June) is a period the platform has (a quarter)`;
}
export function nofMonthYearToDate(month: number): string {
  return `a year to date to month ${month} is ${month} months long; only month 3 (a quarter) and month 12 (a financial year) are periods the platform has`;
}
export function nofNotTwelveMonths(months: number): string {
  return `the months span ${months} months, not twelve`;
}
export function nofUnits(found: string, expected: readonly string[]): string {
  return `Units does not match the metric (expected ${expected.map((e) => `"${e}"`).join(" or ")}, found "${found}")`;
}
export const NOF_NO_VALUE = "Value is empty: every row of the file gives one";
export function nofCategoryRange(kind: string, best: number, worst: number): string {
  return kind === "flag"
    ? "a flag must be 0 or 1"
    : kind === "segment"
      ? `a segment must be a whole number from ${best} to ${worst}`
      : `a score must be from ${best} to ${worst}`;
}
export const NOF_RANK =
  "Rank must be a whole number from 1 to the number of trusts with a rank for the metric";
export const NOF_QUARTILES_ORDER =
  "the quartiles and median must be in order: Lower_quartile ≤ Median_value ≤ Upper_quartile";
export function nofDistributionDiffers(line: number): string {
  return `Median_value, Lower_quartile and Upper_quartile are NHS England's over all trusts, so the same on every row of a metric; line ${line} gives other figures for this metric`;
}

// Plausibility of values, whatever their format (metrics/plausibility.ts; checked in import-file.ts).
const figure = (n: number): string => n.toLocaleString("en-GB", { maximumFractionDigits: 6 });
export const NOT_FINITE = "not a finite number";
/** A value outside its metric's bounds: names the metric, its unit and the range allowed. */
export function implausibleValue(
  metricId: string,
  unit: string,
  bounds: { min: number; max: number; whole: boolean },
): string {
  const what = bounds.whole ? "a whole number" : "a number";
  return `implausible for ${metricId} (unit ${unit}): must be ${what} between ${figure(bounds.min)} and ${figure(bounds.max)}`;
}
export function negativePart(field: "numerator" | "denominator"): string {
  return `a ${field} cannot be negative`;
}
export function partTooLarge(field: "numerator" | "denominator", max: number): string {
  return `implausibly large: a ${field} may be at most ${figure(max)}`;
}
export function numeratorAboveDenominator(metricId: string, denominator: number): string {
  return `the numerator is more than the denominator (${figure(denominator)}): ${metricId} is a proportion, at most 100%`;
}
/** A period that starts after the latest the import accepts (a month not yet begun). */
export function periodInFuture(latest: string): string {
  return `the period is in the future: a period may start no later than ${latest} (30 days after the import's date)`;
}
/** A tidy file (an upload) naming more organisations the registry does not hold than one file may add. */
export function tooManyNewOrganisations(count: number, max: number, examples: string[]): string {
  return `the file names ${count} organisation codes the registry does not hold (${examples.join(", ")}${count > examples.length ? ", …" : ""}); one tidy file may add at most ${max} new organisations. Import the organisation list (ODS) first, or check the codes`;
}
/** An organisation name longer than any real one. */
export function nameTooLong(length: number, max: number): string {
  return `the name is ${length.toLocaleString("en-GB")} characters long; a name may be at most ${max}`;
}
