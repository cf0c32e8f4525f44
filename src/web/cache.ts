/**
 * Results computed once per data version (storage/data-version.ts: one counter that moves at the
 * commit of any change to the data, from this process or another: an import, a peer group
 * created from the CLI). A value is recomputed only when the data changed since it was computed,
 * or when it was evicted.
 *
 * - Concurrent requests for the same missing key share one computation, and concurrent requests
 *   share one pending version read (issue 14: every request in flight used to read it again).
 * - Memory is bounded by bytes, least recently used first (lru-cache with `maxSize`): a rendered
 *   page counts its encoded bytes, anything else {@link approximateBytes}. Results about an ad hoc
 *   list of organisations (`{ adHoc: true }`, e.g. a page with `?peers=orgs:…`) go in a small
 *   bucket of their own, so no stream of distinct lists can evict the pages everyone shares.
 *
 * The version comes from `readVersion`; the app passes the analytics service's, so that a page is
 * never cached under a newer version than the analytics results it was built from.
 */
import { LRUCache } from "lru-cache";
import { approximateBytes } from "../metrics/approximate-bytes.js";
import type { CacheOptions, PageCache } from "./context.js";

export interface CacheLimits {
  /** Bytes kept for shared results (pages, lookups); default 64 MB. */
  maxBytes?: number;
  /** Bytes kept for results about ad hoc lists of organisations; default 8 MB. */
  adHocMaxBytes?: number;
}

/** A stored result (boxed: a result may be null or undefined, which lru-cache does not hold). */
interface Entry {
  value: unknown;
  bytes: number;
}

const MB = 1024 * 1024;

function bucket(maxSize: number): LRUCache<string, Entry> {
  return new LRUCache<string, Entry>({
    maxSize,
    sizeCalculation: (entry) => Math.max(1, entry.bytes),
  });
}

export class DataVersionCache implements PageCache {
  private version: string | undefined;
  private checkedAt = 0;
  /** The version read in flight, shared by every caller that needs it meanwhile. */
  private checking: Promise<string> | null = null;
  /** Moves with the version (and `invalidate`): a result computed under an older one is not kept. */
  private generation = 0;
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly shared: LRUCache<string, Entry>;
  private readonly adHoc: LRUCache<string, Entry>;

  constructor(
    /** Reads the current data version. */
    private readonly readVersion: () => Promise<string>,
    /** How long a version reading is trusted, in ms (0: read for every `get`, one at a time). */
    private readonly checkEveryMs = 0,
    limits: CacheLimits = {},
  ) {
    this.shared = bucket(limits.maxBytes ?? 64 * MB);
    this.adHoc = bucket(limits.adHocMaxBytes ?? 8 * MB);
  }

  private currentVersion(): Promise<string> | string {
    if (this.version !== undefined && Date.now() - this.checkedAt < this.checkEveryMs)
      return this.version;
    this.checking ??= this.readVersion()
      .then((v) => {
        this.checkedAt = Date.now();
        if (v !== this.version) this.forget(v);
        return v;
      })
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  private forget(version: string | undefined): void {
    this.version = version;
    this.generation++;
    this.pending.clear();
    this.shared.clear();
    this.adHoc.clear();
  }

  async get<T>(key: string, compute: () => Promise<T>, options: CacheOptions<T> = {}): Promise<T> {
    await this.currentVersion();
    const store = options.adHoc ? this.adHoc : this.shared;
    const hit = store.get(key);
    if (hit) return hit.value as T;
    const inFlight = this.pending.get(key) as Promise<T> | undefined;
    if (inFlight) return inFlight;
    const generation = this.generation;
    const entry = compute().then(
      (value) => {
        if (this.generation === generation) {
          this.pending.delete(key);
          const bytes = options.size ? options.size(value) : approximateBytes(value);
          store.set(key, { value, bytes });
        }
        return value;
      },
      (error: unknown) => {
        if (this.generation === generation) this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, entry);
    return entry;
  }

  /** Bytes held now (both buckets), as estimated. */
  bytes(): number {
    return this.shared.calculatedSize + this.adHoc.calculatedSize;
  }

  /** Forget everything now (the data version also does this at its next change). */
  invalidate(): void {
    this.forget(undefined);
  }
}
