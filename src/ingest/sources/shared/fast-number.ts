/**
 * The hot path of large numeric files: most cells are plain non-negative integers, which this
 * reads with a character loop (no regex, no allocation); anything else goes to the general
 * parseNumberCell (decimals, thousands separators, suppression markers).
 */
import { parseNumberCell } from "../../cells.js";

export function fastNumber(text: string): number | null | undefined {
  const n = text.length;
  if (n > 0 && n < 16) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === n) return v;
  }
  return parseNumberCell(text);
}
