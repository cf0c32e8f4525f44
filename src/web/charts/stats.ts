/** Small helpers for the comparison charts' prose. */

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(k: number): string {
  const mod100 = k % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${k}th`;
  return `${k}${["th", "st", "nd", "rd"][k % 10] ?? "th"}`;
}
