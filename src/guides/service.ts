/**
 * Guides: reading published versions and publishing new ones (issue 16; docs/guides.md).
 *
 * Reading is public. Publishing needs `guides.author` (src/accounts/policy.ts), except for the
 * guide files the repository ships, which the operator imports (`improve guides import`, first
 * start). A version is published once: its number must be after the guide's newest, and every
 * tracking measure must name a catalogue metric (a metric with no data source yet is still in the
 * catalogue, marked so). Listeners (`onPublished`) hear of each new version after it commits, so
 * feedback a changelog answers can be closed and its givers told.
 */
import { actorLabel, type Actor } from "../accounts/actor.js";
import { authorize } from "../accounts/policy.js";
import { ConflictError, InputError, NotFoundError } from "../errors.js";
import type { GuideStore } from "./store.js";
import {
  MEASURE_ROLE_LABELS,
  guideVersionSchema,
  type MeasureRole,
  type GuideSummary,
  type GuideVersion,
  type GuideVersionSummary,
} from "./types.js";
import { compareVersions } from "./versions.js";

export interface GuideServiceDeps {
  store: GuideStore;
  /** Whether a metric id is in the catalogue (src/metrics/catalogue `isMetricId`). */
  isMetricId: (metricId: string) => boolean;
  /** Told of each version once it is published (after commit); failures are the listener's own. */
  onPublished?: ((version: GuideVersion, actor: Actor) => Promise<void>)[];
  /**
   * How long a reading of the guides' revision is trusted, in ms (default 1,000; 0: read it for
   * every call). Publishing through this service forgets it at once; a version published by
   * another process shows within this window.
   */
  revisionTrustMs?: number;
}

export interface GuideUsingMetric {
  guideId: string;
  title: string;
  version: string;
  metricId: string;
  role: MeasureRole;
  roleLabel: string;
  /** The change ideas that cite the measure. */
  changeIdeas: { id: string; title: string }[];
}

export type PublishOutcome = "published" | "already-published";

export interface GuideService {
  /** Every guide, by its newest version, in title order. */
  list(): Promise<GuideSummary[]>;
  /** The newest published version of a guide (NotFoundError if none). */
  current(guideId: string): Promise<GuideVersion>;
  /** One version (NotFoundError if that number was never published). */
  version(guideId: string, version: string): Promise<GuideVersion>;
  /** A guide's versions, newest first (NotFoundError for an unknown guide). */
  versions(guideId: string): Promise<GuideVersionSummary[]>;
  /** Changes whenever a version is published: part of the key of pages that list guides. */
  revision(): Promise<string>;
  /** Every version of every guide, whole (search). */
  allVersions(): Promise<GuideVersion[]>;
  /** The guides whose current version tracks a metric ("guides that use this measure"), by title. */
  usingMetric(metricId: string): Promise<GuideUsingMetric[]>;
  /** The version, checked as `publish` checks it (shape, then catalogue metrics); InputError if not. */
  check(version: unknown): GuideVersion;
  /**
   * Publishes a version. The same content already published under that number is
   * "already-published" (importing a folder twice is harmless); different content under a
   * published number, or a number not after the newest, is a ConflictError.
   */
  publish(actor: Actor, version: unknown): Promise<PublishOutcome>;
}

const summary = (v: GuideVersion): GuideVersionSummary => ({
  guideId: v.guideId,
  version: v.version,
  title: v.title,
  status: v.status,
  published: v.published,
  changelog: v.changelog,
});

/** Key order does not matter to equality of content: compare canonical JSON. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function createGuideService(deps: GuideServiceDeps): GuideService {
  const { store } = deps;

  // The revision (a one-row query) at most once per trust window, shared while in flight: the
  // metric and search pages ask on every request, before their page cache, and the query had
  // become a quarter of a cached metric page's time (issue 16's bench: p95 53.8 ms vs 50).
  const trustMs = deps.revisionTrustMs ?? 1000;
  let revisionRead: { at: number; value: Promise<string> } | null = null;
  function revision(): Promise<string> {
    const now = Date.now();
    if (revisionRead === null || now - revisionRead.at >= trustMs) {
      const value = store.revision();
      const read = { at: now, value };
      revisionRead = read;
      value.catch(() => {
        if (revisionRead === read) revisionRead = null;
      });
    }
    return revisionRead.value;
  }

  // Every version, read again only when one has been published since:
  // the list, search and metric pages read them on many requests, and they rarely change.
  let everyVersion: { revision: string; versions: Promise<GuideVersion[]> } | null = null;
  async function allVersions(): Promise<GuideVersion[]> {
    const current = await revision();
    if (everyVersion?.revision !== current) {
      const versions = store.versions();
      everyVersion = { revision: current, versions };
      versions.catch(() => (everyVersion = null));
    }
    return everyVersion.versions;
  }

  async function versionsOf(guideId: string): Promise<GuideVersion[]> {
    const all = await store.versions(guideId);
    if (all.length === 0) throw new NotFoundError(`There is no guide "${guideId}".`);
    return all;
  }

  function check(input: unknown): GuideVersion {
    const parsed = guideVersionSchema.safeParse(input);
    if (!parsed.success)
      throw new InputError(
        "The guide version is not valid.",
        parsed.error.issues.map((i) => ({
          column: i.path.join("."),
          reason: i.message,
        })),
      );
    const v = parsed.data;
    const unknown = v.measures.filter((m) => !deps.isMetricId(m.metricId));
    if (unknown.length > 0)
      throw new InputError(
        `The guide "${v.guideId}" ${v.version} tracks metrics the catalogue does not have.`,
        unknown.map((m) => ({
          column: "measures",
          value: m.metricId,
          reason: "not a catalogue metric id",
        })),
      );
    return v;
  }

  return {
    check,
    async list() {
      const byGuide = new Map<string, GuideVersion[]>();
      for (const v of await allVersions()) {
        const list = byGuide.get(v.guideId) ?? [];
        list.push(v);
        byGuide.set(v.guideId, list);
      }
      return [...byGuide.values()]
        .map((versions) => {
          const v = versions[versions.length - 1]!;
          return {
            guideId: v.guideId,
            title: v.title,
            topic: v.topic,
            summary: v.summary,
            owner: v.owner,
            careSettings: v.careSettings,
            currentVersion: v.version,
            status: v.status,
            published: v.published,
            versionCount: versions.length,
            changeIdeaCount: v.sections.reduce((n, s) => n + s.changeIdeas.length, 0),
          };
        })
        .sort((a, b) => a.title.localeCompare(b.title, "en-GB"));
    },
    async current(guideId) {
      const all = await versionsOf(guideId);
      return all[all.length - 1]!;
    },
    async version(guideId, version) {
      const v = await store.version(guideId, version);
      if (!v) throw new NotFoundError(`Guide "${guideId}" has no version ${version}.`);
      return v;
    },
    async versions(guideId) {
      return (await versionsOf(guideId)).map(summary).reverse();
    },
    allVersions,
    revision,
    async usingMetric(metricId) {
      const current = new Map<string, GuideVersion>();
      for (const v of await allVersions()) current.set(v.guideId, v);
      return [...current.values()]
        .flatMap((v) => {
          const measure = v.measures.find((m) => m.metricId === metricId);
          if (!measure) return [];
          return [
            {
              guideId: v.guideId,
              title: v.title,
              version: v.version,
              metricId,
              role: measure.role,
              roleLabel: MEASURE_ROLE_LABELS[measure.role],
              changeIdeas: v.sections.flatMap((s) =>
                s.changeIdeas
                  .filter((c) => c.measures.includes(metricId))
                  .map((c) => ({ id: c.id, title: c.title })),
              ),
            },
          ];
        })
        .sort((a, b) => a.title.localeCompare(b.title, "en-GB"));
    },
    async publish(actor, input) {
      if (actor.kind !== "operator") authorize(actor, "guides.author");
      const v = check(input);
      const existing = await store.version(v.guideId, v.version);
      if (existing) {
        if (canonical(existing) === canonical(v)) return "already-published";
        throw new ConflictError(
          `${v.guideId} ${v.version} is already published with different content; published versions never change, so publish a new version number.`,
        );
      }
      const newest = (await store.versions(v.guideId)).at(-1);
      if (newest && compareVersions(v.version, newest.version) <= 0)
        throw new ConflictError(
          `${v.guideId} ${v.version} is not after the newest published version, ${newest.version}.`,
        );
      const inserted = await store.insertVersion(
        v,
        actor.kind === "operator" ? "import" : actorLabel(actor),
      );
      revisionRead = null;
      if (!inserted) return "already-published";
      for (const listener of deps.onPublished ?? []) await listener(v, actor);
      return "published";
    },
  };
}
