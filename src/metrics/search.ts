/**
 * Finding an organisation by name or ODS code, forgiving typos: "leeds teching" finds Leeds
 * Teaching Hospitals, "rr8" finds RR8. Small and in memory (a few hundred organisations).
 *
 * Score (0–1, higher is better): an exact code match is 1; a code prefix 0.95; otherwise the best
 * of (a) the share of query words that start a word of the name (0.9 × share) and (b) the mean,
 * over the query's words, of each word's best trigram similarity to a word of the name (Jaccard
 * index of their sets of three-letter sequences, padded with spaces, as PostgreSQL's pg_trgm
 * computes it), which tolerates typos ("bradferd" ~ "bradford" = 6/12 = 0.5).
 * Results under `threshold` (default 0.3) are dropped.
 */

export interface Searchable {
  orgCode: string;
  name: string;
}

export interface SearchHit<T extends Searchable> {
  item: T;
  score: number;
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** Trigrams of each word padded "  w " as pg_trgm does. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of normalise(text).split(" ")) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

export function trigramSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * The search over `items`. Built once (per data version, by the directory's caller): each name's
 * word trigrams, and an inverted index from trigram, and from each prefix of a code, to the
 * items that have it. A query scores only the items that share a trigram with it or whose code
 * starts with it: any other scores 0 (no word of the name starts with a query word, since that
 * word's first trigram "  x" would be shared, and no trigram is shared), so the answer is the
 * full scan's, in the same order, from a few dozen items rather than every one.
 */
export function createSearchIndex<T extends Searchable>(items: readonly T[]) {
  const indexed = items.map((item) => ({
    item,
    code: item.orgCode.toLowerCase(),
    words: normalise(item.name).split(" "),
    wordGrams: normalise(item.name)
      .split(" ")
      .map((w) => trigrams(w)),
  }));
  const byTrigram = new Map<string, number[]>();
  const byCodePrefix = new Map<string, number[]>();
  const post = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list.at(-1) !== i) list.push(i);
  };
  indexed.forEach((entry, i) => {
    for (const grams of entry.wordGrams) for (const g of grams) post(byTrigram, g, i);
    for (let n = 1; n <= entry.code.length; n++) post(byCodePrefix, entry.code.slice(0, n), i);
  });
  const everyEntry = indexed.map((_, i) => i);

  return (query: string, limit = 20, threshold = 0.3): SearchHit<T>[] => {
    const q = normalise(query);
    if (!q) return [];
    const qWords = q.split(" ");
    const qWordGrams = qWords.map((w) => trigrams(w));
    let candidates = everyEntry;
    if (threshold > 0) {
      const found = new Set<number>(byCodePrefix.get(q));
      for (const grams of qWordGrams)
        for (const g of grams) for (const i of byTrigram.get(g) ?? []) found.add(i);
      // In the items' order, so that ties sort as the full scan's did.
      candidates = [...found].sort((a, b) => a - b);
    }
    const hits: SearchHit<T>[] = [];
    for (const i of candidates) {
      const entry = indexed[i]!;
      let score: number;
      if (entry.code === q) score = 1;
      else if (q.length >= 2 && entry.code.startsWith(q)) score = 0.95;
      else {
        const prefixShare =
          qWords.filter((w) => entry.words.some((nw) => nw.startsWith(w))).length / qWords.length;
        let similarity = 0;
        for (const g of qWordGrams)
          similarity += Math.max(0, ...entry.wordGrams.map((ng) => trigramSimilarity(g, ng)));
        score = Math.max(0.9 * prefixShare, similarity / qWordGrams.length);
      }
      if (score >= threshold) hits.push({ item: entry.item, score });
    }
    return hits
      .sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name))
      .slice(0, limit);
  };
}
