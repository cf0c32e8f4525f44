/** One CSV line's cells: quoted cells (with commas, doubled quotes) kept whole (parseCsv below). */
export function splitLine(line: string): string[] {
  return parseCsv(line)[0] ?? [""];
}

/**
 * A downloaded CSV without its provenance block (decision 0019): the leading lines that begin
 * with `#` (or a quoted `"#`), as `pandas.read_csv(comment="#")` skips them. Throws when the block
 * is not the four lines every page download has, so a download that lost it fails.
 */
export function withoutProvenance(csv: string): string {
  const lines = csv.split(/(?<=\n)/);
  const block = lines.findIndex((l) => !/^"?#/.test(l));
  const labels = lines.slice(0, block).map((l) => /^"?# ([^:]+):/.exec(l)?.[1]);
  if (labels.join("|") !== "Source|Period|Data version|Generated")
    throw new Error(`No provenance block: ${JSON.stringify(lines.slice(0, 4))}`);
  return lines.slice(block).join("");
}

/**
 * A whole CSV text as rows of cells (RFC 4180: quoted cells may hold commas, quotes and line
 * breaks). A deliberately small reader, independent of the importer's.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      if (ch === "\r") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}
