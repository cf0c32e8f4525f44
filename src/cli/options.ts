/** Parsers for command-line option values: each throws UsageError with the option's name. */
import { UsageError } from "../errors.js";
import { parseIsoDate } from "../metrics/period.js";

export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
    return n;
  };
}

export function dateOption(name: string) {
  return (value: string): string => {
    if (!parseIsoDate(value))
      throw new UsageError(`${name} must be a date YYYY-MM-DD, not "${value}"`);
    return value;
  };
}
