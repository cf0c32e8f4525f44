/**
 * Every source format the platform reads, in detection order (most specific first). `improve
 * formats` lists them; `improve import` picks the first whose `detect` accepts the file's first
 * record, unless `--format` names one.
 */
import type { SourceFormat } from "../format.js";
import { tidyFormat } from "./tidy/index.js";

export const formats: readonly SourceFormat[] = [tidyFormat];

export function formatById(id: string): SourceFormat | undefined {
  return formats.find((f) => f.id === id);
}

export function detectFormat(firstRecord: string[]): SourceFormat | undefined {
  return formats.find((f) => f.detect(firstRecord));
}
