/**
 * Parameterised SQL only (issue 15, hardening): values reach PostgreSQL as parameters (Kysely's
 * builder and `sql` tag, or `$n` with a values array), never spliced into the text. This scans
 * src/ for the ways text can be spliced in, and fails for any not on the allowlist below, each
 * entry with why it is safe:
 *
 * - Kysely's escape hatches: `sql.raw(`, `sql.unsafe`, `sql.lit(`, `sql.id(`, `sql.ref(`,
 *   `sql.table(`, `.unsafe(`;
 * - untagged template literals holding SQL with `${…}` in them (what `pool.query(\`…${x}\`)`,
 *   COPY statements and SQL kept in variables look like);
 * - string concatenation with SQL (`"… WHERE " + x`).
 *
 * An allowlist entry names the file and exactly which expressions it may splice; a new
 * expression in the same file fails too. Adding one: make sure it is a constant of the code (a
 * column list, an identifier from a fixed list) or escaped for a statement that takes no
 * parameters (COPY), and say so in `reason`.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

interface Allowed {
  /** Kysely escape-hatch calls, as written (`sql.lit(k)`). */
  calls?: string[];
  /** The expressions spliced into untagged SQL templates, as written (`KEY`). */
  interpolations?: string[];
  reason: string;
}

const ALLOWED: Record<string, Allowed> = {
  "src/storage/job-records.ts": {
    calls: ["sql.table(`${JOB_SCHEMA}.${name}`)"],
    reason:
      "pg-boss's own schema (a constant) and its table names from the code's own calls (identifiers, quoted by Kysely)",
  },
  "src/storage/backup.ts": {
    interpolations: ["table", "quoted(name)"],
    reason:
      "a text search for a table's COPY block in pg_restore's script (not SQL sent anywhere), and schema names in DROP SCHEMA (DDL takes no parameters) quoted as identifiers with their quotes doubled",
  },
  "src/storage/repositories/groups.ts": {
    calls: ["sql.lit(k)"],
    reason: "provider kinds from the code's own list, quoted by Kysely",
  },
  "src/storage/migrations/005_preferred_values.ts": {
    calls: ["sql.lit(DEFAULT_PRECEDENCE)"],
    reason: "a numeric constant in a view definition (DDL takes no parameters)",
  },
  "src/storage/migrations/006_published_limits.ts": {
    calls: ["sql.lit(t)"],
    reason: "period types from the code's own list, in a CHECK constraint (DDL)",
  },
  "src/storage/migrations/004_data_version.ts": {
    calls: ["sql.table(table)"],
    reason: "table names from the migration's own list (identifiers, quoted by Kysely)",
  },
  "src/storage/migrations/022_proposals.ts": {
    calls: ["sql.lit(state)"],
    reason: "proposal states from the migration's own list, in CHECK constraints (DDL)",
  },
  "src/storage/migrations/007_reference_data.ts": {
    calls: ["sql.table(table)"],
    reason: "table names from the migration's own list (identifiers, quoted by Kysely)",
  },
  "src/storage/migrations/009_organisation_names.ts": {
    calls: ["sql.ref(column)", "sql.table(table)"],
    reason: "table and column names from the migration's own list (identifiers, quoted)",
  },
  "src/storage/analytics-store.ts": {
    interpolations: [
      "query",
      "lit(periodType)",
      'metricId === null ? "" : ` AND v.metric_id = ${lit(metricId)}`',
    ],
    reason:
      "COPY takes no parameters: a period type and a catalogue metric id, quoted by lit() (quotes doubled)",
  },
  "src/storage/organisation-writer.ts": {
    interpolations: ["keepsKind"],
    reason: "a constant SQL condition of this file; values are $n parameters",
  },
  "src/storage/value-writer.ts": {
    interpolations: [
      'collapseDuplicates ? "DISTINCT ON (org_code, metric_id, period_type, period_start)" : ""',
      'collapseDuplicates ? "ORDER BY org_code, metric_id, period_type, period_start, line" : ""',
    ],
    reason: "constant clauses chosen by a boolean; values are COPYed into staging, then merged",
  },
  "src/ingest/derive/ctr-rate.ts": {
    interpolations: ["key", "differs"],
    reason: "constant join and comparison conditions of this file; values are $n parameters",
  },
  "src/ingest/quality/duplicate-period.ts": {
    interpolations: ["SIGNATURE"],
    reason: "a constant hashing expression of this file",
  },
  "src/ingest/quality/flag.ts": {
    interpolations: ["KEY", "params.length + 1", "select", 'spelt.join(", ")', "updated"],
    reason:
      "constant column lists and CASE expressions (numbers only), a $n placeholder number, and checks' own SELECTs; values are $n parameters",
  },
  "src/ingest/quality/index.ts": {
    interpolations: ["TEMPORARY_TABLES"],
    reason: "the constant list of the checks' temporary tables",
  },
  "src/ingest/quality/outlier-vs-history.ts": {
    interpolations: ["MIN_HISTORY"],
    reason: "a numeric constant",
  },
  "src/ingest/quality/series.ts": {
    interpolations: ['ruled || "false"', "rule.detail", "rule.condition(bind)"],
    reason:
      "the rules' own SQL conditions from src/ingest/quality, which bind their values as $n parameters",
  },
};

const SQL_WORDS =
  /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE|DROP|ALTER|COPY|TRUNCATE|WHERE|VALUES)\b/;
const ESCAPE_HATCH = /\bsql\s*\.\s*(raw|unsafe|lit|id|ref|table)\s*\(|\.unsafe\s*\(/g;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sourceFiles(path.join(dir, e.name))
        : /\.(ts|js|mjs)$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
}

/** The call starting at `start` up to its closing parenthesis, as written. */
function callAt(text: string, start: number): string {
  let depth = 0;
  for (let i = text.indexOf("(", start); i < text.length; i++) {
    if (text[i] === "(") depth++;
    if (text[i] === ")" && --depth === 0) return text.slice(start, i + 1).replace(/\s+/g, "");
  }
  return text.slice(start);
}

interface Finding {
  kind: "call" | "interpolation" | "concatenation";
  text: string;
  line: number;
}

/**
 * Every untagged template literal holding SQL words, with the expressions spliced into it;
 * comments and quoted strings skipped. Templates tagged `sql` (Kysely) are parameterised.
 */
function templates(text: string): { start: number; exprs: string[]; body: string }[] {
  const found: { start: number; exprs: string[]; body: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
      if (i < 0) break;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i) + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c && text[i] !== "\n"; i++)
        if (text[i] === "\\") i++;
      continue;
    }
    if (c !== "`") continue;
    const tagged = /\bsql\s*(<[^`]*>)?\s*$/.test(text.slice(Math.max(0, i - 200), i));
    const exprs: string[] = [];
    let depth = 0;
    let expr = "";
    let j = i + 1;
    for (; j < text.length; j++) {
      const d = text[j];
      if (depth === 0) {
        if (d === "\\") j++;
        else if (d === "`") break;
        else if (d === "$" && text[j + 1] === "{") {
          depth = 1;
          expr = "";
          j++;
        }
        continue;
      }
      if (d === "{") depth++;
      if (d === "}" && --depth === 0) {
        exprs.push(expr.trim());
        continue;
      }
      expr += d;
    }
    const body = text.slice(i, j + 1);
    if (!tagged && exprs.length > 0 && SQL_WORDS.test(body.replace(/\$\{[\s\S]*?\}/g, "")))
      found.push({ start: i, exprs, body });
    i = j;
  }
  return found;
}

function findings(text: string): Finding[] {
  const lineOf = (index: number) => text.slice(0, index).split("\n").length;
  const out: Finding[] = [];
  for (const m of text.matchAll(ESCAPE_HATCH))
    out.push({ kind: "call", text: callAt(text, m.index), line: lineOf(m.index) });
  for (const t of templates(text))
    for (const e of t.exprs) out.push({ kind: "interpolation", text: e, line: lineOf(t.start) });
  const concat =
    /(["'`])[^"'`\n]*\b(SELECT|INSERT|UPDATE|DELETE|WHERE|FROM|AND|OR|VALUES)\b[^"'`\n]*\1\s*\+|\+\s*(["'`])[^"'`\n]*\b(SELECT|INSERT|UPDATE|DELETE|WHERE|FROM|AND|OR|VALUES)\b/g;
  for (const m of text.matchAll(concat))
    out.push({ kind: "concatenation", text: m[0], line: lineOf(m.index) });
  return out;
}

describe("parameterised SQL only", () => {
  it("splices nothing into SQL but the allowlisted constants", () => {
    const problems: string[] = [];
    const used = new Set<string>();
    for (const file of sourceFiles("src")) {
      const rel = file.split(path.sep).join("/");
      const allowed = ALLOWED[rel];
      for (const f of findings(fs.readFileSync(file, "utf8"))) {
        const list = f.kind === "call" ? allowed?.calls : allowed?.interpolations;
        if (f.kind !== "concatenation" && list?.includes(f.text)) {
          used.add(`${rel} ${f.text}`);
          continue;
        }
        problems.push(
          `${rel}:${f.line}: ${f.kind} \`${f.text}\` builds SQL from text: pass the value as a parameter (Kysely, or $n with a values array), or if it is a constant of the code add it to ALLOWED with its reason`,
        );
      }
    }
    // An entry nothing uses any more is removed, so the list stays what the code does.
    for (const [file, a] of Object.entries(ALLOWED))
      for (const text of [...(a.calls ?? []), ...(a.interpolations ?? [])])
        if (!used.has(`${file} ${text}`))
          problems.push(`ALLOWED["${file}"] lists \`${text}\`, which no longer occurs: remove it`);
    expect(problems).toEqual([]);
  });

  it("catches each way of splicing", () => {
    const kinds = (code: string) => findings(code).map((f) => `${f.kind}: ${f.text}`);
    expect(kinds("await pool.query(`SELECT * FROM t WHERE a = '${name}'`);")).toEqual([
      "interpolation: name",
    ]);
    expect(kinds('db.execute("SELECT * FROM t WHERE a = " + name);')).toHaveLength(1);
    expect(kinds("sql`SELECT ${sql.raw(order)} FROM t`")).toEqual(["call: sql.raw(order)"]);
    expect(kinds("const q = `DELETE FROM t WHERE id = ${id}`;")).toEqual(["interpolation: id"]);
    // Kysely's tag and plain text are fine.
    expect(kinds("sql`SELECT * FROM t WHERE a = ${name}`")).toEqual([]);
    expect(kinds("await pool.query('SELECT 1 WHERE a = $1', [name]);")).toEqual([]);
    expect(kinds("log(`imported ${n} values`)")).toEqual([]);
  });
});
