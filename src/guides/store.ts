/**
 * What the guide service needs from storage (the PostgreSQL implementation is
 * src/storage/guides-store.ts). Versions go in whole and come back whole; the store never edits
 * one (the table refuses to).
 */
import type { GuideVersion } from "./types.js";

export interface GuideStore {
  /** Every published version of every guide, or of one guide; oldest first within a guide. */
  versions(guideId?: string): Promise<GuideVersion[]>;
  /** Changes whenever a version is published (the count and the newest's time): for caches. */
  revision(): Promise<string>;
  /** One version, or null. */
  version(guideId: string, version: string): Promise<GuideVersion | null>;
  /**
   * Adds a version (and the guide, if new). Returns false, changing nothing, when that number is
   * already published for the guide.
   */
  insertVersion(version: GuideVersion, publishedBy: string): Promise<boolean>;
}
