/**
 * Reading single cells the way NHS publications write them. Normalising happens here, once, at
 * the boundary: everything after this sees numbers and ISO dates.
 */

/** Markers NHS publications use for "no value": suppressed, not applicable, not collected. */
const MISSING = new Set(["", "-", "*", "..", ".", "n/a", "na", "null", "x", ":", "~"]);

/** Result of reading a numeric cell: a number, `null` for a missing marker, or `undefined` when invalid. */
export function parseNumberCell(text: string): number | null | undefined {
  // Fast path: plain decimal numbers, which is nearly every cell.
  const fast = +text;
  if (text !== "" && Number.isFinite(fast) && text.charCodeAt(0) !== 32 && !/[xXbBoO]/.test(text))
    return fast;
  const t = text.trim();
  if (MISSING.has(t.toLowerCase())) return null;
  // Thousands separators (in groups of three: "12,345.6") and a trailing percent sign are how
  // spreadsheets export numbers. Anything else with a comma ("1000,5", a decimal comma) is not a
  // number we can read safely.
  let cleaned = t.endsWith("%") ? t.slice(0, -1) : t;
  if (cleaned.includes(",")) {
    if (!/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(cleaned)) return undefined;
    cleaned = cleaned.replace(/,/g, "");
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) return undefined;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : undefined;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const pad = (n: number) => String(n).padStart(2, "0");

function valid(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return undefined;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Reads a date in any form NHS files use and returns 'YYYY-MM-DD', or undefined when it is not a
 * date. A month without a day ("March 2024", "MSitAE-MARCH-2024", "2024-03", "Mar-24") gives the
 * first of the month. Slashed dates are British: 01/03/2024 is 1 March 2024.
 *
 * @example parseDateCell("MSitAE-MARCH-2024") // "2024-03-01"
 */
export function parseDateCell(text: string): string | undefined {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(t)))
    return valid(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: [\d:]+)?$/.exec(t)))
    return valid(+m[3]!, +m[2]!, +m[1]!);
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) return valid(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /^(\d{4})-(\d{2})$/.exec(t))) return valid(+m[1]!, +m[2]!, 1);
  if ((m = /^(?:MSitAE-)?([A-Za-z]+)[- ](\d{4})$/i.exec(t))) {
    const month = MONTHS[m[1]!.toLowerCase()];
    return month ? valid(+m[2]!, month, 1) : undefined;
  }
  if ((m = /^([A-Za-z]+)[- ](\d{2})$/.exec(t))) {
    const month = MONTHS[m[1]!.toLowerCase()];
    return month ? valid(2000 + +m[2]!, month, 1) : undefined;
  }
  if ((m = /^(\d{1,2})[- ]([A-Za-z]+)[- ](\d{2}|\d{4})$/.exec(t))) {
    const month = MONTHS[m[2]!.toLowerCase()];
    const y = m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!;
    return month ? valid(y, month, +m[1]!) : undefined;
  }
  return undefined;
}
