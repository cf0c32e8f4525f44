/**
 * The text of each page of a PDF, as a reader's text extraction sees it (pdfjs-dist, Mozilla's
 * PDF reader, its build for Node.js): what "the report's text is selectable and extractable" means.
 */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items
        .map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : " ") : ""))
        .join("")
        .replace(/[ \t]+/g, " "),
    );
  }
  await doc.destroy();
  return pages;
}
