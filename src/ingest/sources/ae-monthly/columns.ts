/**
 * Column recognition for NHS England's monthly A&E CSV. The publication has renamed its columns
 * over the years, so columns are classified by what their name says rather than matched exactly:
 *
 *   newer (2020 on):  "A&E attendances Type 1", "A&E attendances Booked Appointments Type 1",
 *                     "Attendances over 4hrs Type 1", "Attendances over 4hrs Booked Appointments
 *                     Type 1", "Patients who have waited 4-12 hs from DTA to admission",
 *                     "Patients who have waited 12+ hrs from DTA to admission",
 *                     "Emergency admissions via A&E - Type 1", "Other emergency admissions"
 *   older (to 2019):  "Number of A&E attendances Type 1", "Number of attendances over 4hrs
 *                     Type 1", "Number of patients spending >4 hours from decision to admit to
 *                     admission", "… >12 hours …", "Emergency Admissions via Type 1 A&E"
 *
 * Types: "Type 1", "Type 2", and "Other (A&E) Department" (type 3 and 4 units). Classification
 * runs once per file.
 */
import { normaliseHeader } from "../../format.js";

export type TypeIndex = [number | undefined, number | undefined, number | undefined];

export interface AeMonthlyColumns {
  period: number;
  orgCode: number;
  orgName: number | undefined;
  attendances: TypeIndex;
  bookedAttendances: TypeIndex;
  over4: TypeIndex;
  bookedOver4: TypeIndex;
  admissions: TypeIndex;
  /** Newer layout: 4 to 12 hours from decision to admit. */
  dta4to12: number | undefined;
  /** Older layout: over 4 hours from decision to admit (includes the over-12s). */
  dtaOver4: number | undefined;
  dta12: number | undefined;
}

const typeOf = (h: string): 0 | 1 | 2 | undefined =>
  /type ?1\b/.test(h) ? 0 : /type ?2\b/.test(h) ? 1 : /\bother\b|type ?3\b/.test(h) ? 2 : undefined;

/** Classifies the header; returns the columns or the names of what is missing. */
export function classifyAeMonthly(first: string[]): {
  columns?: AeMonthlyColumns;
  missing: string[];
} {
  const header = normaliseHeader(first).map((h) =>
    h.replace(/\s+/g, " ").replace(/^number of /, ""),
  );
  const cols: AeMonthlyColumns = {
    period: header.indexOf("period"),
    orgCode: header.indexOf("org code"),
    orgName: header.indexOf("org name") === -1 ? undefined : header.indexOf("org name"),
    attendances: [undefined, undefined, undefined],
    bookedAttendances: [undefined, undefined, undefined],
    over4: [undefined, undefined, undefined],
    bookedOver4: [undefined, undefined, undefined],
    admissions: [undefined, undefined, undefined],
    dta4to12: undefined,
    dtaOver4: undefined,
    dta12: undefined,
  };
  header.forEach((h, i) => {
    if (/decision to admit|\bdta\b/.test(h)) {
      if (/12\+|>12|over 12|12 h/.test(h) && !/4-12|4 - 12/.test(h)) cols.dta12 = i;
      else if (/4-12|4 - 12/.test(h)) cols.dta4to12 = i;
      else cols.dtaOver4 = i;
      return;
    }
    if (h.startsWith("other emergency admissions")) return; // not via A&E
    const type = typeOf(h);
    if (type === undefined) return;
    const booked = h.includes("booked");
    if (h.includes("emergency admissions")) cols.admissions[type] = i;
    else if (/over 4 ?h|>4 ?h|over 4 hours/.test(h))
      (booked ? cols.bookedOver4 : cols.over4)[type] = i;
    else if (h.includes("attendances"))
      (booked ? cols.bookedAttendances : cols.attendances)[type] = i;
  });
  const missing: string[] = [];
  if (cols.period === -1) missing.push("Period");
  if (cols.orgCode === -1) missing.push("Org Code");
  const names = ["Type 1", "Type 2", "Other A&E Department"];
  cols.attendances.forEach(
    (c, t) => c === undefined && missing.push(`A&E attendances ${names[t]}`),
  );
  cols.over4.forEach(
    (c, t) => c === undefined && missing.push(`Attendances over 4hrs ${names[t]}`),
  );
  cols.admissions.forEach(
    (c, t) => c === undefined && missing.push(`Emergency admissions via A&E - ${names[t]}`),
  );
  return missing.length > 0 ? { missing } : { columns: cols, missing };
}
