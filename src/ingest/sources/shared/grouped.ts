/**
 * Accumulating several rows of one organisation and period before emitting (files with one row
 * per A&E type, per delay reason or per type of wait). The groups stay in memory: these files
 * have tens of thousands of rows at most.
 */
export class Groups<T> {
  private readonly map = new Map<
    string,
    { orgCode: string; periodStart: string; line: number; acc: T }
  >();

  constructor(private readonly init: () => T) {}

  get(orgCode: string, periodStart: string, line: number): T {
    const key = `${orgCode}\t${periodStart}`;
    let g = this.map.get(key);
    if (!g) {
      g = { orgCode, periodStart, line, acc: this.init() };
      this.map.set(key, g);
    }
    return g.acc;
  }

  all(): IterableIterator<{ orgCode: string; periodStart: string; line: number; acc: T }> {
    return this.map.values();
  }
}
