/**
 * Finding a format's columns in a header once, before any row is read, so the per-row work is
 * plain array indexing. A missing required column is one problem on line 1 naming every missing
 * column; the format then parses nothing (the import fails, atomically).
 */
import { normaliseHeader, type ParseContext } from "../../format.js";
import { missingColumns } from "../../problem-messages.js";

/** Indices of `required` (and any `optional` present) columns, or undefined after reporting the missing ones. */
export function requireColumns<K extends string, O extends string = never>(
  ctx: ParseContext,
  required: readonly K[],
  optional: readonly O[] = [],
): (Record<K, number> & Partial<Record<O, number>>) | undefined {
  const header = normaliseHeader(ctx.header);
  const index: Record<string, number> = {};
  const missing: string[] = [];
  for (const name of required) {
    const i = header.indexOf(name);
    if (i === -1) missing.push(name);
    else index[name] = i;
  }
  for (const name of optional) {
    const i = header.indexOf(name);
    if (i !== -1) index[name] = i;
  }
  if (missing.length > 0) {
    ctx.problems.add({
      line: 1,
      column: missing.join(", "),
      reason: missingColumns(missing, header),
    });
    return undefined;
  }
  return index as Record<K, number> & Partial<Record<O, number>>;
}

/** True when the normalised header contains every one of `names`. */
export function hasColumns(first: string[], names: readonly string[]): boolean {
  const header = normaliseHeader(first);
  return names.every((n) => header.includes(n));
}

/** True when the normalised header is exactly `names`, in order (ignoring trailing empty cells). */
export function headerIs(first: string[], names: readonly string[]): boolean {
  const header = normaliseHeader(first);
  while (header.length > names.length && header[header.length - 1] === "") header.pop();
  return header.length === names.length && names.every((n, i) => header[i] === n);
}
