/**
 * Results computed once per data version (storage/data-version.ts: one counter that moves at the
 * commit of any change to the data, from this process or another: an import, a peer group
 * created from the CLI). A value is recomputed only when the data changed since it was computed.
 * Concurrent requests for the same missing key share one computation.
 *
 * The version comes from `readVersion`; the app passes the analytics service's, so that a page is
 * never cached under a newer version than the analytics results it was built from.
 */
export class DataVersionCache {
  private version: string | undefined;
  private checkedAt = 0;
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(
    /** Reads the current data version. */
    private readonly readVersion: () => Promise<string>,
    /** How long a version reading is trusted, in ms (0: read at every `get`). */
    private readonly checkEveryMs = 0,
    /** At most this many entries (least recently used go first), so no query string can exhaust memory. */
    private readonly maxEntries = 5000,
  ) {}

  private async currentVersion(): Promise<string> {
    const now = Date.now();
    if (this.version !== undefined && now - this.checkedAt < this.checkEveryMs) return this.version;
    const v = await this.readVersion();
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

  /** Forget everything now (the data version also does this at its next change). */
  invalidate(): void {
    this.version = undefined;
    this.entries.clear();
  }
}
