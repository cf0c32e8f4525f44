/**
 * Collects the problems found while reading one input. Every problem is counted, the first
 * `limit` are kept with their location, and `throwIfAny` turns them into one InputError so the
 * import's transaction rolls back: bad input never produces a partial import.
 */
import { echoValue, formatProblem, InputError, type InputProblem } from "../errors.js";

export class Problems {
  readonly list: InputProblem[] = [];
  total = 0;
  constructor(
    readonly fileName: string,
    readonly limit = 20,
  ) {}

  /** Keeps the problem (its value and column shortened as messages echo them: echoValue). */
  add(problem: Omit<InputProblem, "file">): void {
    this.total++;
    if (this.list.length >= this.limit) return;
    const kept: InputProblem = { file: this.fileName, ...problem };
    if (kept.value !== undefined) kept.value = echoValue(kept.value);
    if (kept.column !== undefined) kept.column = echoValue(kept.column);
    this.list.push(kept);
  }

  /** True when no more problems are kept (each further one is only counted: see `count`). */
  get full(): boolean {
    return this.list.length >= this.limit;
  }

  /** Counts a problem without keeping it (once `full`: saves building its message). */
  count(): void {
    this.total++;
  }

  /** Forgets every problem (before the same input is read again, and reports them again). */
  clear(): void {
    this.list.length = 0;
    this.total = 0;
  }

  get any(): boolean {
    return this.total > 0;
  }

  throwIfAny(): void {
    if (!this.any) return;
    const more =
      this.total > this.list.length ? `\n…and ${this.total - this.list.length} more` : "";
    throw new InputError(
      `${this.fileName}: ${this.total} problem${this.total === 1 ? "" : "s"}; nothing was imported.\n` +
        this.list.map((p) => `  ${formatProblem(p)}`).join("\n") +
        more,
      this.list,
      this.total,
    );
  }
}
