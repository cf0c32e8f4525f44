/**
 * Organisation names as NHS.UK writes them. ODS publishes names in capitals ("GUY'S AND ST
 * THOMAS' NHS FOUNDATION TRUST"); pages show "Guy's and St Thomas' NHS Foundation Trust". The
 * importers store names through {@link organisationName}, so every page, chart and CSV reads the
 * same name (storage/organisation-writer.ts, storage/reference-writer.ts; migration 009 for names
 * stored before).
 *
 * Only a name written wholly in capitals is converted: a name that has any lower-case letter is
 * as its publisher wrote it ("NHS North East London Integrated Care Board") and is kept. Only the
 * case changes, never a character (a test checks `lower(out) == lower(in)` on generated names),
 * so the conversion is safe to apply twice and to search on.
 *
 * Word by word (words split at spaces, hyphens and slashes):
 * - acronyms stay in capitals: NHS, ICB, CCG, UK, NHSE and a few more ({@link ACRONYMS}), a word
 *   joined by "&" (H&J, health and justice), roman numerals (II, IV);
 * - a word with a digit is a code and stays as written ("NHS SUSSEX ICB - 70F", "X2C4Y"), except
 *   ordinals (1ST → 1st) and a name that starts with digits (2GETHER → 2gether);
 * - small words are lower case inside a name (and, of, the, for, in, on, at, upon, by…), and in
 *   a hyphenated place name also super, cum, le (Weston-super-Mare, Stoke-on-Trent,
 *   Chester-le-Street); the first word of a name is always capitalised ("The Royal Marsden");
 * - after an apostrophe, a possessive s stays lower case (Guy's, King's, Women's, St Thomas');
 *   any other letter is capitalised (O'Neill);
 * - everything else is capitalised: ST and ST. are "St" and "St." (a saint), and Mc and Mac
 *   names are left in simple title case (Mcdonald, Macmillan), since no rule is sure of them.
 *
 * Example: `organisationName("THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST")` →
 * "The Newcastle upon Tyne Hospitals NHS Foundation Trust".
 */

/**
 * The longest organisation name an import accepts. The longest real one in the shared data has
 * 77 characters; a 1 MB name made one metric page 4.3 MB.
 */
export const MAX_NAME_LENGTH = 200;

/** Words kept in capitals (compared in capitals). */
const ACRONYMS: ReadonlySet<string> = new Set([
  "NHS",
  "NHSE",
  "NHSI",
  "NHSX",
  "ICB",
  "ICS",
  "CCG",
  "CSU",
  "PCT",
  "PCN",
  "SHA",
  "GP",
  "UK",
  "HIV",
  "ENT",
  "IAPT",
  "CAMHS",
  "UCL",
  "UCLH",
  "LLP",
  "CIC",
  "PLC",
]);

/** Lower case anywhere but at the start of a name. */
const SMALL_WORDS: ReadonlySet<string> = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "by",
  "for",
  "in",
  "of",
  "on",
  "or",
  "the",
  "to",
  "upon",
  "under",
  "with",
]);

/** Lower case also inside a hyphenated place name (Weston-super-Mare, Chester-le-Street). */
const HYPHEN_SMALL_WORDS: ReadonlySet<string> = new Set([
  ...SMALL_WORDS,
  "super",
  "cum",
  "le",
  "la",
  "de",
  "en",
  "sur",
]);

const ROMAN = /^(?=[IVX]{2,}$)X{0,3}(IX|IV|V?I{0,3})$/;

/** A name written wholly in capitals (at least one letter, no lower-case letter). */
export function isAllCapitals(name: string): boolean {
  return /\p{Lu}/u.test(name) && !/\p{Ll}/u.test(name);
}

const capitalise = (word: string): string =>
  word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

/** One word's letters (no leading or trailing punctuation), given where it stands. */
function caseWord(word: string, position: { first: boolean; inHyphen: boolean }): string {
  const upper = word.toUpperCase();
  if (/\d/.test(word)) {
    if (/^\d+(ST|ND|RD|TH)$/.test(upper)) return word.toLowerCase();
    if (/^\d+[A-Z]{4,}$/.test(upper)) return word.toLowerCase();
    return word;
  }
  // H&J (health and justice), initials (U.K.), roman numerals: as written.
  if (ACRONYMS.has(upper) || /[&.]/.test(word) || ROMAN.test(upper)) return word;
  const lower = word.toLowerCase();
  const small = position.inHyphen ? HYPHEN_SMALL_WORDS : SMALL_WORDS;
  if (!position.first && small.has(lower)) return lower;
  // Guy's, St Thomas', O'Neill: the part after an apostrophe is a possessive s or a name.
  const parts = word.split(/(['’])/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return part; // the apostrophe itself
      if (i === 0) return capitalise(part);
      return part.toLowerCase() === "s" || part === "" ? part.toLowerCase() : capitalise(part);
    })
    .join("");
}

/** A name in NHS.UK's case; a name with any lower-case letter is returned as it is. */
export function organisationName(name: string): string {
  if (!isAllCapitals(name)) return name;
  let first = true;
  // Words are runs of letters, digits, apostrophes, dots and ampersands; hyphens and slashes join
  // the parts of one word ("STOKE-ON-TRENT", "SUB-ICB").
  return name.replace(/[\p{L}\p{N}'’&.]+(?:[-/][\p{L}\p{N}'’&.]+)*/gu, (token) => {
    const pieces = token.split(/([-/])/);
    const out = pieces.map((piece, i) => {
      if (i % 2 === 1) return piece;
      // "ST." keeps its dot; the dot is not part of the word's letters.
      const m = /^([^\p{L}\p{N}]*)(.*?)([.]*)$/u.exec(piece);
      const [, lead = "", core = "", tail = ""] = m ?? [];
      if (core === "") return piece;
      const cased = caseWord(core, { first: first && i === 0, inHyphen: i > 0 });
      return lead + cased + tail;
    });
    first = false;
    return out.join("");
  });
}
