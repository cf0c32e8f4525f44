/**
 * An export document's tables (./document.ts) as an Excel workbook, with exceljs: one sheet per
 * table, its header row bold and frozen, numbers as numbers (so they sum and chart), and an
 * "About" sheet first with the title and the provenance (source, period, data version, generated).
 *
 * No cell is ever written as a formula: every text cell goes through `spreadsheetText`, the CSV
 * writer's guard against formula injection (src/metrics/csv.ts), so a hostile organisation name
 * such as `=HYPERLINK(…)` shows as text, while a true negative number stays a number.
 *
 * @example await documentXlsx(doc) // a Buffer holding the .xlsx file
 */
import ExcelJS from "exceljs";
import { spreadsheetText } from "../../metrics/csv.js";
import type { ExportCell, ExportDocument } from "./document.js";

/** Excel's limit on a sheet name, and the characters it refuses in one. */
const SHEET_NAME_MAX = 31;
const SHEET_NAME_FORBIDDEN = /[\\/?*[\]:]/g;

/**
 * A sheet name Excel accepts, unique in the workbook: forbidden characters removed, cut to 31
 * characters, and " (2)", " (3)" … added to a repeat.
 */
export function sheetName(caption: string, taken: Set<string>): string {
  const clean =
    caption.replace(SHEET_NAME_FORBIDDEN, " ").replace(/\s+/g, " ").trim().replace(/^'|'$/g, "") ||
    "Table";
  let name = clean.slice(0, SHEET_NAME_MAX).trim();
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = clean.slice(0, SHEET_NAME_MAX - suffix.length).trim() + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** A cell's value as Excel should hold it: a finite number as a number, anything else as safe text. */
function cellValue(cell: ExportCell | undefined): string | number | null {
  if (!cell) return null;
  if (typeof cell.value === "number" && Number.isFinite(cell.value)) return cell.value;
  return cell.text === "" ? null : spreadsheetText(cell.text);
}

export async function documentXlsx(doc: ExportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Improvement Hub";
  workbook.title = doc.title;
  workbook.subject = doc.subtitle;
  const taken = new Set<string>();

  const about = workbook.addWorksheet(sheetName("About", taken));
  about.columns = [{ width: 22 }, { width: 90 }];
  about.addRow([spreadsheetText(doc.title)]).font = { bold: true, size: 14 };
  if (doc.subtitle) about.addRow([spreadsheetText(doc.subtitle)]);
  about.addRow([]);
  for (const m of doc.meta) {
    const row = about.addRow([spreadsheetText(m.label), spreadsheetText(m.value)]);
    row.getCell(1).font = { bold: true };
  }

  for (const block of doc.blocks) {
    if (block.kind !== "table") continue;
    const sheet = workbook.addWorksheet(sheetName(block.caption, taken), {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    const header = sheet.addRow(block.head.map(spreadsheetText));
    header.font = { bold: true };
    for (const row of block.rows) sheet.addRow(block.head.map((_h, i) => cellValue(row[i])));
    sheet.columns.forEach((column, i) => {
      let longest = (block.head[i] ?? "").length;
      for (const row of block.rows.slice(0, 500))
        longest = Math.max(longest, (row[i]?.text ?? "").length);
      column.width = Math.min(Math.max(longest + 2, 8), 60);
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
