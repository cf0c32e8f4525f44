// Lint rules. Beyond the recommended sets, architectural rules: dependencies point inward.
//   stats  <-  metrics  <-  ingest / storage  <-  web / cli
// src/stats is pure numerics (imports nothing of ours but itself); src/metrics may use stats;
// ingest and storage may use metrics and stats (and ingest may write through storage); only
// web and cli sit on top. The web gets services, never the database: src/web does not import
// src/storage, except its composition root (src/web/compose.ts), which wires stores to services.
// No import cycles. Promises are awaited or handled (type-aware rules, TypeScript files only).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const layer = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".data/**", "test-artifacts/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "import-x": importX },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-non-null-assertion": "off",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            layer(
              "./src/stats",
              [
                "./src/metrics",
                "./src/ingest",
                "./src/storage",
                "./src/web",
                "./src/cli",
                "./src/config.ts",
                "./src/accounts",
                "./src/guides",
                "./src/assessments",
                "./src/networks",
                "./src/proposals",
                "./src/rebases",
                "./src/adapters",
                "./src/reports",
                "./src/jobs",
              ],
              "src/stats is pure numerics: it depends on nothing else of ours.",
            ),
            layer(
              "./src/metrics",
              [
                "./src/ingest",
                "./src/storage",
                "./src/web",
                "./src/cli",
                "./src/accounts",
                "./src/guides",
                "./src/assessments",
                "./src/networks",
                "./src/proposals",
                "./src/rebases",
                "./src/reports",
                "./src/jobs",
              ],
              "src/metrics (NHS meaning) may depend only on src/stats.",
            ),
            layer(
              "./src/accounts",
              [
                "./src/ingest",
                "./src/storage",
                "./src/web",
                "./src/cli",
                "./src/adapters",
                "./src/guides",
                "./src/assessments",
                "./src/networks",
                "./src/proposals",
                "./src/rebases",
                "./src/reports",
                "./src/jobs",
              ],
              "src/accounts (a domain, decision 0009) may depend on metrics and stats; its side effects come through ports.",
            ),
            layer(
              "./src/guides",
              [
                "./src/ingest",
                "./src/storage",
                "./src/web",
                "./src/cli",
                "./src/adapters",
                "./src/reports",
              ],
              "src/guides (a domain, decision 0009) may depend on accounts, metrics and stats; its side effects come through ports.",
            ),
            layer(
              "./src/rebases",
              [
                "./src/ingest",
                "./src/storage",
                "./src/web",
                "./src/cli",
                "./src/adapters",
                "./src/guides",
                "./src/assessments",
                "./src/networks",
                "./src/proposals",
                "./src/reports",
              ],
              "src/rebases (a domain, decision 0009) may depend on accounts, metrics and stats; its side effects come through ports.",
            ),
            layer(
              "./src/networks",
              [
                "./src/ingest",
                "./src/storage",
                "./src/web",
                "./src/cli",
                "./src/adapters",
                "./src/proposals",
                "./src/reports",
              ],
              "src/networks (a domain, decision 0009) may depend on accounts, guides, assessments, metrics and stats; its side effects come through ports.",
            ),
            layer(
              "./src/proposals",
              [
                "./src/ingest",
                "./src/storage",
                "./src/web",
                "./src/cli",
                "./src/adapters",
                "./src/reports",
              ],
              "src/proposals (a domain, decision 0009) may depend on networks, guides, accounts, metrics and stats; its side effects come through ports.",
            ),
            layer(
              "./src/reports",
              [
                "./src/ingest",
                "./src/storage",
                "./src/web",
                "./src/cli",
                "./src/adapters",
                "./src/assessments",
              ],
              "src/reports (a domain, decision 0009) may depend on proposals, networks, rebases, guides, accounts, metrics and stats; its side effects come through ports.",
            ),
            layer(
              "./src/assessments",
              ["./src/ingest", "./src/storage", "./src/web", "./src/cli", "./src/adapters"],
              "src/assessments (a domain, decision 0009) may depend on accounts, metrics and stats; its side effects come through ports.",
            ),
            layer(
              "./src/jobs",
              [
                "./src/ingest",
                "./src/storage",
                "./src/web",
                "./src/cli",
                "./src/adapters",
                "./src/guides",
                "./src/assessments",
                "./src/networks",
                "./src/proposals",
                "./src/rebases",
                "./src/reports",
              ],
              "src/jobs (job names, payloads, the queue's port) may depend on accounts, metrics and stats; pg-boss is behind its port in src/storage.",
            ),
            layer(
              "./src/adapters",
              ["./src/ingest", "./src/storage", "./src/web", "./src/cli"],
              "src/adapters (SMTP, OpenID Connect) implement domain ports; they do not use the outer layers.",
            ),
            layer(
              "./src/storage",
              ["./src/ingest", "./src/web", "./src/cli"],
              "src/storage may depend only on metrics and stats.",
            ),
            layer(
              "./src/ingest",
              ["./src/web", "./src/cli"],
              "src/ingest must not depend on the web or the CLI.",
            ),
            layer("./src/web", ["./src/cli"], "src/web must not depend on the CLI."),
            {
              target: "./src/web",
              from: "./src/storage",
              message:
                "src/web gets services, never the database: wire stores in src/web/compose.ts.",
            },
          ],
        },
      ],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // The composition root is the one place in src/web that builds stores over the database.
    files: ["src/web/compose.ts"],
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [layer("./src/web", ["./src/cli"], "src/web must not depend on the CLI.")],
        },
      ],
    },
  },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    // Published algorithm coefficients (AS241, Lanczos…) are written with all their digits, as in
    // the papers, so that they can be checked against them; the nearest double is what is meant.
    files: ["src/stats/**/*.ts"],
    rules: { "no-loss-of-precision": "off", "@typescript-eslint/no-loss-of-precision": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        document: "readonly",
        window: "readonly",
      },
    },
  },
  prettier,
);
