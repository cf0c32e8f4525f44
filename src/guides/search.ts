/**
 * Finding guides and change ideas by their words (the site search, /search): the current version
 * of each guide, its title and summary, and each change idea's title and text, typo-tolerant as
 * the organisation search is (src/metrics/search.ts). An index is built once per list of
 * versions the guide service returns (it returns the same list until a version is published).
 */
import { createSearchIndex } from "../metrics/search.js";
import { plainText } from "./markdown.js";
import type { GuideVersion } from "./types.js";

export interface GuideHit {
  guideId: string;
  title: string;
  summary: string;
  version: string;
}

export interface ChangeIdeaHit {
  guideId: string;
  guideTitle: string;
  changeIdeaId: string;
  title: string;
  sectionTitle: string;
  /** The action, as plain text, for the result's snippet. */
  action: string;
}

export interface GuideSearchResults {
  guides: GuideHit[];
  changeIdeas: ChangeIdeaHit[];
}

export type GuideSearch = (query: string, limit?: number) => GuideSearchResults;

const built = new WeakMap<readonly GuideVersion[], GuideSearch>();

/** The search over the newest version of each guide in `versions` (oldest first per guide). */
export function guideSearch(versions: readonly GuideVersion[]): GuideSearch {
  const known = built.get(versions);
  if (known) return known;
  const current = new Map<string, GuideVersion>();
  for (const v of versions) current.set(v.guideId, v);
  const guides = [...current.values()];
  // The index matches on `name`; `orgCode` is its exact-code match, here the id.
  const guideIndex = createSearchIndex(
    guides.map((v) => ({
      orgCode: v.guideId,
      name: `${v.title} ${v.summary}`,
      hit: { guideId: v.guideId, title: v.title, summary: v.summary, version: v.version },
    })),
  );
  const ideaIndex = createSearchIndex(
    guides.flatMap((v) =>
      v.sections.flatMap((s) =>
        s.changeIdeas.map((c) => {
          const action = plainText(c.action);
          return {
            orgCode: c.id,
            name: `${c.title} ${c.title} ${action} ${plainText(c.whyItWorks)}`,
            hit: {
              guideId: v.guideId,
              guideTitle: v.title,
              changeIdeaId: c.id,
              title: c.title,
              sectionTitle: s.title,
              action,
            },
          };
        }),
      ),
    ),
  );
  const search: GuideSearch = (query, limit = 10) => ({
    guides: guideIndex(query, limit, 0.45).map((h) => h.item.hit),
    changeIdeas: ideaIndex(query, limit, 0.45).map((h) => h.item.hit),
  });
  built.set(versions, search);
  return search;
}
