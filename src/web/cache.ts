/**
 * Results computed once per data version. The version is the newest import id (any import or
 * demo load bumps it); a value is recomputed only when the data changed since it was computed.
 * Concurrent requests for the same missing key share one computation.
 */
import type { Db } from "../storage/database.js";

export class DataVersionCache {
  private version: number | undefined;
  private checkedAt = 0;
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    /** How long a version check is trusted, in ms (one cheap query at most this often). */
    private readonly checkEveryMs = 1000,
    /** At most this many entries (least recently used go first), so no query string can exhaust memory. */
    private readonly maxEntries = 5000,
  ) {}

  private async currentVersion(): Promise<number> {
    const now = Date.now();
    if (this.version !== undefined && now - this.checkedAt < this.checkEveryMs) return this.version;
    const row = await this.db
      .selectFrom("imports")
      .select((eb) => eb.fn.max("import_id").as("v"))
      .executeTakeFirst();
    const v = Number(row?.v ?? 0);
    this.checkedAt = now;
    if (v !== this.version) {
      this.version = v;
      this.entries.clear();
    }
    return v;
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    await this.currentVersion();
    let entry = this.entries.get(key) as Promise<T> | undefined;
    if (entry) {
      // Mark as recently used (a Map iterates in insertion order).
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    entry = compute();
    this.entries.set(key, entry);
    entry.catch(() => this.entries.delete(key));
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }

  /** Forget everything (after an edit that is not an import, such as network membership). */
  invalidate(): void {
    this.version = undefined;
    this.entries.clear();
  }
}
