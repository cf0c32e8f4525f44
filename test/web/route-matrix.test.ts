/**
 * The route matrix: every route the app registers (`app.routeList()`), requested by every actor
 * case (a reader who is not signed in, and signed-in people holding each role in scope and in
 * another organisation or network: test/support/actor-cases.ts), over a real database, and the
 * class of answer checked against the table below. A route without a row fails with the row to
 * add; a row without a route fails too.
 *
 * Answers: "allow" (2xx, or 3xx other than to /sign-in), "sign_in" (a redirect to /sign-in, or
 * 401), "deny" (403 or 404), "invalid" (400: the request itself is refused, whoever sends it,
 * e.g. a callback without its sign-in under way). A 5xx fails whatever the row says.
 *
 * A row, keyed "METHOD /pattern" exactly as the route is registered (HEAD routes are folded into
 * their GET):
 *
 *   "GET /org/:code": { expect: PUBLIC },
 *   "GET /admin/users": { expect: ADMIN_ONLY },
 *   "GET /account": { expect: { anonymous: "sign_in", others: "allow" } },
 *   "GET /assets/*": { expect: PUBLIC, path: "/assets/images/favicon.svg" },
 *   "POST /admin/users/:userId/disable": {
 *     expect: ADMIN_ONLY,
 *     csrfFrom: "/admin/users/:userId",  // the GET page whose form gives the CSRF token
 *     form: { reason: "left" },          // the other fields sent
 *   },
 *
 * `expect` names the answer for any actor case and `others` for the rest. Parameters are filled
 * from SAMPLES (organisation A, network N, a metric…), or the row gives `path`. Unsafe methods
 * (POST, PUT, PATCH, DELETE) are sent as forms, each from a new session of the actor (so a
 * request that signs out or disables does not spoil the next), with the CSRF token read from
 * `csrfFrom` requested with that session (an anonymous reader gets their session there).
 * SAMPLES.userId is a bystander's account, never an actor's.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdentityProvider } from "../../src/accounts/identity-provider.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { createGuideService } from "../../src/guides/service.js";
import { isMetricId } from "../../src/metrics/catalogue/index.js";
import { createGuideStore } from "../../src/storage/guides-store.js";
import { guideFixture } from "../support/guide-fixture.js";
import path from "node:path";
import { readMatrixFolder } from "../../src/assessments/matrix-folder.js";
import { composeServices, createAppFromDatabase } from "../../src/web/compose.js";
import { caseGrants, USER_CASES, type UserCase } from "../support/actor-cases.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { sessionCookieFor, TEST_SESSION_SECRET } from "../support/sessions.js";

type Answer = "allow" | "sign_in" | "deny" | "invalid";
const CASES = ["anonymous", ...USER_CASES] as const;
type Case = (typeof CASES)[number];

interface RouteRow {
  /** The answer expected per actor case; `others` for every case not named. */
  expect: { others: Answer } & Partial<Record<Case, Answer>>;
  /** The path to request, when SAMPLES cannot fill the pattern (wildcards, a region's code). */
  path?: string;
  /** Unsafe methods: the page (a GET path, parameters filled the same way) whose form gives the CSRF token. */
  csrfFrom?: string;
  /** Unsafe methods: the form's other fields. */
  form?: Record<string, string>;
  /** Unsafe methods of the open API (/api/v1): sent as this JSON body, no CSRF token (none is asked). */
  json?: unknown;
}

const PUBLIC: RouteRow["expect"] = { others: "allow" };
/** Any signed-in person; a reader who is not signed in is sent to sign in. */
export const SIGNED_IN: RouteRow["expect"] = { anonymous: "sign_in", others: "allow" };
/** National administrators only. */
export const ADMIN_ONLY: RouteRow["expect"] = {
  anonymous: "sign_in",
  others: "deny",
  national_admin: "allow",
};

/** Organisation A's people and national administrators; a reader not signed in is asked to. */
const OWN_ROUNDS: RouteRow["expect"] = {
  anonymous: "sign_in",
  others: "deny",
  org_member_A: "allow",
  org_analyst_A: "allow",
  national_admin: "allow",
};

/** Organisation A's analysts and national administrators (rebase decisions of A). */
const ANALYSTS_A: RouteRow["expect"] = {
  anonymous: "sign_in",
  others: "deny",
  org_analyst_A: "allow",
  national_admin: "allow",
};

const ORG_A = "ZZ001";
const ORG_B = "ZZ002";
const NETWORK_N = "london-uec";
const NETWORK_M = "london-elective";
/** Self-assessment: a test matrix (the real ones are content/assessments). */
const MATRIX = "test-flow-maturity";

/** What a `:name` in a route's pattern is replaced by. */
const SAMPLES: Record<string, string> = {
  code: ORG_A,
  orgCode: ORG_A,
  id: NETWORK_N,
  networkId: NETWORK_N,
  metricId: "ae_4hr_all",
  chart: "spc",
  hash: "0123456789abcdef",
  // Filled in beforeAll: a bystander's account (never one of the actors).
  userId: "",
  invitationId: "999999",
  token: "no-such-invitation-token",
  guideId: "test-flow",
  version: "1.0",
  matrixId: MATRIX,
  // Filled in beforeAll: a private submitted round of organisation A.
  roundId: "",
  // Guide feedback: an illustrative sample imported in beforeAll.
  ref: "TEST-FB-001",
  // Filled in beforeAll: a guide author's draft of the fixture guide's 1.1 (guide authoring).
  draftId: "",
  section: "0",
  idea: "0",
  // Rebase decisions: an id no decision has.
  decisionId: "999999",
  // API tokens: an id no token has.
  tokenId: "999999",
  // Network workspaces: the dashboard's group, and (filled in beforeAll) an event of network N
  // with an action, and a pending request to join N.
  group: `network:${NETWORK_N}`,
  eventId: "",
  actionId: "",
  requestId: "",
  // Reports: the proposal's own ready-made report (other subjects' rows give their paths).
  key: "proposal-measures",
  item: "spc-ae_4hr_all",
  // Filled in beforeAll: a DRAFT proposal of network N (its people and administrators only).
  proposalId: "",
  // Filled in beforeAll: a published learning post of network N, for its members only.
  postId: "",
};

/** Network N's members and leads and national administrators (a network post); others 404. */
const NETWORK_N_READERS: RouteRow["expect"] = {
  anonymous: "deny",
  others: "deny",
  network_member_N: "allow",
  network_lead_N: "allow",
  national_admin: "allow",
};

/** Network N's members and leads, and national administrators (events are private to them). */
const MEMBERS_N: RouteRow["expect"] = {
  anonymous: "sign_in",
  others: "deny",
  network_member_N: "allow",
  network_lead_N: "allow",
  national_admin: "allow",
};
/** The people of network N and national administrators (a draft proposal of N: 404 to others). */
const N_DRAFT: RouteRow["expect"] = {
  others: "deny",
  network_member_N: "allow",
  network_lead_N: "allow",
  national_admin: "allow",
};
/** The same, when the form sent is refused (400) for those who may send it. */
const MEMBERS_N_INVALID: RouteRow["expect"] = {
  ...MEMBERS_N,
  network_member_N: "invalid",
  network_lead_N: "invalid",
  national_admin: "invalid",
};
/** Network N's leads and national administrators, sending a form that is refused (400). */
const LEADS_N_INVALID: RouteRow["expect"] = {
  anonymous: "sign_in",
  others: "deny",
  network_lead_N: "invalid",
  national_admin: "invalid",
};

/** Guide authors and national administrators (guide authoring and the feedback triage). */
const AUTHORS: RouteRow["expect"] = {
  anonymous: "sign_in",
  others: "deny",
  guide_author: "allow",
  national_admin: "allow",
};
/** The same, when the form sent is refused (400) for those who may send it. */
const AUTHORS_INVALID: RouteRow["expect"] = {
  anonymous: "sign_in",
  others: "deny",
  guide_author: "invalid",
  national_admin: "invalid",
};

/**
 * The report routes (issue 18) under one subject's base: its public reports and files, the forms
 * for `editors` (a refused form is 400 for them: an empty definition, commentary for a stale
 * period), and a saved report's edit and delete pages (an id no report has: not found for all).
 * `readers` read the public pages (everyone but a draft proposal's outsiders).
 */
function reportRows(
  base: string,
  /** The subject's page; null: parameters from SAMPLES (a proposal made in beforeAll). */
  path: string | null,
  editors: readonly Case[],
  readers: RouteRow["expect"] = PUBLIC,
): Record<string, RouteRow> {
  const allow = Object.fromEntries(editors.map((c) => [c, "allow"]));
  const invalid = Object.fromEntries(editors.map((c) => [c, "invalid"]));
  // A reader who is not signed in is asked to, unless the subject is hidden from them (a draft
  // proposal: not found, whatever is asked).
  const anonymous = (readers.anonymous ?? readers.others) === "deny" ? "deny" : "sign_in";
  const forms: RouteRow["expect"] = { anonymous, others: "deny", ...allow };
  const posts: RouteRow["expect"] = { anonymous, others: "deny", ...invalid };
  const report = `${path}/reports/${REPORT_KEY}`;
  // A path, or none: then the pattern is filled from SAMPLES (`key`: the proposal's report).
  const at = (p: string) => (path === null ? {} : { path: p });
  return {
    [`GET ${base}/reports`]: { expect: readers, ...at(`${path}/reports`) },
    [`GET ${base}/reports/new`]: { expect: forms, ...at(`${path}/reports/new`) },
    [`POST ${base}/reports/new`]: {
      expect: posts,
      ...at(`${path}/reports/new`),
      csrfFrom: "/test/form",
      form: { title: "" },
    },
    [`GET ${base}/reports/:key`]: { expect: readers, ...at(report) },
    [`GET ${base}/reports/:key.pdf`]: { expect: readers, ...at(`${report}.pdf`) },
    [`GET ${base}/reports/:key.xlsx`]: { expect: readers, ...at(`${report}.xlsx`) },
    [`GET ${base}/reports/:key.csv`]: { expect: readers, ...at(`${report}.csv`) },
    ...Object.fromEntries(
      (["csv", "svg", "png"] as const).map((f) => [
        `GET ${base}/reports/:key/downloads/:item.${f}`,
        { expect: readers, ...at(`${report}/downloads/spc-ae_4hr_all.${f}`) },
      ]),
    ),
    [`GET ${base}/reports/:key/edit`]: {
      expect: { others: "deny", anonymous: readers.anonymous ?? "deny" },
      ...at(`${path}/reports/r999999/edit`),
    },
    [`POST ${base}/reports/:key/edit`]: {
      expect: posts,
      ...at(`${path}/reports/${REPORT_KEY}/edit`),
      csrfFrom: "/test/form",
      form: { title: "" },
    },
    [`GET ${base}/reports/:key/delete`]: {
      expect: { anonymous, others: "deny" },
      ...at(`${path}/reports/r999999/delete`),
    },
    [`POST ${base}/reports/:key/delete`]: {
      expect: { others: "deny" },
      ...at(`${path}/reports/r999999/delete`),
      csrfFrom: "/test/form",
      form: {},
    },
    [`GET ${base}/reports/:key/commentary/:metricId`]: {
      expect: forms,
      ...at(`${report}/commentary/ae_4hr_all`),
    },
    [`POST ${base}/reports/:key/commentary/:metricId`]: {
      expect: posts,
      ...at(`${report}/commentary/ae_4hr_all`),
      csrfFrom: "/test/form",
      form: { text: "Stale", period: "2001-01-01" },
    },
  };
}

/** A ready-made report every sample subject has: its urgent and emergency care metrics. */
const REPORT_KEY = "topic-uec";

// prettier-ignore
const ROUTES: Record<string, RouteRow> = {
  // Static files and the health checks: outside the session routes, public.
  "GET /static/app.:hash.css":                        { expect: PUBLIC },
  "GET /assets/*":                                    { expect: PUBLIC, path: "/assets/images/favicon.svg" },
  "GET /static/nhsuk/*":                              { expect: PUBLIC, path: "/static/nhsuk/nhsuk-frontend.min.js" },
  "GET /static/js/*":                                 { expect: PUBLIC, path: "/static/js/init.js" },
  "GET /healthz":                                     { expect: PUBLIC },
  "GET /readyz":                                      { expect: PUBLIC },
  // Public pages: the same for everyone (two cached versions: readers and signed-in people).
  "GET /":                                            { expect: PUBLIC },
  "GET /networks":                                    { expect: PUBLIC },
  "GET /regions/:code":                               { expect: PUBLIC, path: "/regions/Y56" },
  "GET /icbs/:code":                                  { expect: PUBLIC, path: "/icbs/QMF" },
  "GET /search":                                      { expect: PUBLIC, path: "/search?q=trust" },
  "GET /organisations":                               { expect: PUBLIC },
  "GET /org/:code":                                   { expect: PUBLIC },
  "GET /org/:code/board":                             { expect: PUBLIC },
  "GET /org/:code/board.pdf":                         { expect: PUBLIC },
  "GET /org/:code/board.xlsx":                        { expect: PUBLIC },
  "GET /org/:code/board.csv":                         { expect: PUBLIC },
  // Integrated performance reports (issue 18), under each subject's page.
  ...reportRows("/org/:code", `/org/${ORG_A}`, ["org_analyst_A", "national_admin"]),
  ...reportRows("/networks/:networkId", `/networks/${NETWORK_N}`, ["network_member_N", "network_lead_N", "national_admin"]),
  ...reportRows("/regions/:code", "/regions/Y56", ["national_admin"]),
  ...reportRows("/proposals/:proposalId", null, ["network_member_N", "network_lead_N", "national_admin"], N_DRAFT),
  "GET /org/:code/peers":                             { expect: PUBLIC },
  "GET /org/:code/metric/:metricId":                  { expect: PUBLIC },
  "GET /org/:code/metric/:metricId.csv":              { expect: PUBLIC },
  "GET /org/:code/metric/:metricId/:chart.csv":       { expect: PUBLIC },
  "GET /org/:code/metric/:metricId/:chart.svg":       { expect: PUBLIC },
  "GET /org/:code/metric/:metricId/:chart.png":       { expect: PUBLIC },
  "GET /org/:code/metric/:metricId/downloads/:item.csv": { expect: PUBLIC, path: `/org/${ORG_A}/metric/ae_4hr_all/downloads/comparisons.csv` },
  "GET /org/:code/rebases":                           { expect: PUBLIC },
  "GET /org/:code/metric/:metricId/rebase":           { expect: ANALYSTS_A },
  "POST /org/:code/metric/:metricId/rebase":          { expect: { ...ANALYSTS_A, org_analyst_A: "invalid", national_admin: "invalid" }, csrfFrom: "/test/form", form: { period: "", reason: "" } }, // an empty reason: refused, nothing recorded
  "POST /org/:code/rebases/:decisionId/withdraw":     { expect: { anonymous: "sign_in", others: "deny" }, csrfFrom: "/test/form", form: { reason: "x" } }, // no such decision: 404 for A's analysts too
  "GET /metrics":                                     { expect: PUBLIC },
  "GET /metric/:metricId":                            { expect: PUBLIC },
  "GET /metric/:metricId.csv":                        { expect: PUBLIC },
  // Downloads of a page's tables and charts (src/web/exports/page-downloads.ts): whom the page answers.
  "GET /downloads/:item.csv":                         { expect: PUBLIC, path: "/downloads/latest-periods.csv" },
  "GET /metric/:metricId/downloads/:item.csv":        { expect: PUBLIC, path: "/metric/ae_4hr_all/downloads/regions.csv" },
  "GET /metric/:metricId/downloads/:item.svg":        { expect: PUBLIC, path: "/metric/ae_4hr_all/downloads/england-spc.svg" },
  "GET /metric/:metricId/downloads/:item.png":        { expect: PUBLIC, path: "/metric/ae_4hr_all/downloads/england-spc.png" },
  "GET /compare/downloads/:item.csv":                 { expect: PUBLIC, path: `/compare/downloads/latest.csv?orgs=${ORG_A},${ORG_B}&metric=ae_4hr_all` },
  "GET /compare/downloads/:item.svg":                 { expect: PUBLIC, path: `/compare/downloads/compare.svg?orgs=${ORG_A},${ORG_B}&metric=ae_4hr_all` },
  "GET /compare/downloads/:item.png":                 { expect: PUBLIC, path: `/compare/downloads/compare.png?orgs=${ORG_A},${ORG_B}&metric=ae_4hr_all` },
  "GET /org/:code/peers/downloads/:item.csv":         { expect: PUBLIC, path: `/org/${ORG_A}/peers/downloads/peers.csv` },
  "GET /group/:group/downloads/:item.csv":            { expect: PUBLIC, path: `/group/network:${NETWORK_N}/downloads/dashboard.csv` },
  "GET /group/:group/downloads/:item.svg":            { expect: PUBLIC, path: `/group/network:${NETWORK_N}/downloads/group-ae_4hr_all.svg?metric=ae_4hr_all` },
  "GET /group/:group/downloads/:item.png":            { expect: PUBLIC, path: `/group/network:${NETWORK_N}/downloads/group-ae_4hr_all.png?metric=ae_4hr_all` },
  "GET /regions/:code/downloads/:item.csv":           { expect: PUBLIC, path: "/regions/Y56/downloads/dashboard.csv" },
  "GET /regions/:code/downloads/:item.svg":           { expect: PUBLIC, path: "/regions/Y56/downloads/group-ae_4hr_all.svg?metric=ae_4hr_all" },
  "GET /regions/:code/downloads/:item.png":           { expect: PUBLIC, path: "/regions/Y56/downloads/group-ae_4hr_all.png?metric=ae_4hr_all" },
  "GET /icbs/:code/downloads/:item.csv":              { expect: PUBLIC, path: "/icbs/QMF/downloads/dashboard.csv" },
  "GET /icbs/:code/downloads/:item.svg":              { expect: PUBLIC, path: "/icbs/QMF/downloads/group-ae_4hr_all.svg?metric=ae_4hr_all" },
  "GET /icbs/:code/downloads/:item.png":              { expect: PUBLIC, path: "/icbs/QMF/downloads/group-ae_4hr_all.png?metric=ae_4hr_all" },
  "GET /data":                                        { expect: PUBLIC },
  "GET /data/downloads/:item.csv":                    { expect: PUBLIC, path: "/data/downloads/imports.csv" },
  // Guides (issue 16): public reading pages; the fixture guide is published in beforeAll.
  "GET /guides":                                      { expect: PUBLIC },
  "GET /guides/:guideId":                             { expect: PUBLIC },
  "GET /guides/:guideId/versions":                    { expect: PUBLIC },
  "GET /guides/:guideId/versions/:version":           { expect: PUBLIC },
  "GET /guides/:guideId/compare":                     { expect: PUBLIC },
  // Single sign-on (registered when a provider is configured; a fake one here): anyone may start
  // it; the callback without a sign-in under way in the session is refused for everyone.
  "POST /sign-in/sso":                                { expect: PUBLIC, csrfFrom: "/test/form", form: { returnTo: "/" } },
  "GET /sign-in/sso/callback":                        { expect: { others: "invalid" }, path: "/sign-in/sso/callback?code=x&state=y" },
  // Development only (no SMTP, not production): the outbox, to follow sign-in links locally.
  "GET /dev/mailbox":                                 { expect: PUBLIC },
  // The tests' own form page (pageRoutes, below): a CSRF token for any actor case. Until the
  // sign-in page lands, POST rows take their token here.
  "GET /test/form":                                   { expect: PUBLIC },
  // Issue 15's sign-in, account and administration pages.
  "GET /sign-in":                                     { expect: PUBLIC },
  "POST /sign-in":                                    { expect: { others: "invalid" }, csrfFrom: "/test/form", form: {} },
  "GET /sign-in/second-factor":                       { expect: { others: "sign_in" } }, // no password step under way
  "POST /sign-in/second-factor":                      { expect: { others: "sign_in" }, csrfFrom: "/test/form", form: {} }, // no password step under way
  "GET /sign-out":                                    { expect: PUBLIC },
  "POST /sign-out":                                   { expect: PUBLIC, csrfFrom: "/test/form", form: {} },
  "GET /forgot-password":                             { expect: PUBLIC },
  "POST /forgot-password":                            { expect: { others: "invalid" }, csrfFrom: "/test/form", form: {} },
  "GET /reset-password":                              { expect: { others: "invalid" } }, // no token
  "POST /reset-password":                             { expect: { others: "invalid" }, csrfFrom: "/test/form", form: {} },
  "GET /verify-email":                                { expect: { others: "invalid" } }, // no token
  "POST /verify-email":                               { expect: { others: "invalid" }, csrfFrom: "/test/form", form: {} },
  "GET /account":                                     { expect: SIGNED_IN },
  "POST /account/verify-email":                       { expect: { anonymous: "sign_in", others: "allow" }, csrfFrom: "/test/form", form: {} },
  "GET /account/name":                                { expect: SIGNED_IN },
  "POST /account/name":                               { expect: { anonymous: "sign_in", others: "invalid" }, csrfFrom: "/test/form", form: {} }, // empty form
  "GET /account/password":                            { expect: SIGNED_IN },
  "POST /account/password":                           { expect: { anonymous: "sign_in", others: "invalid" }, csrfFrom: "/test/form", form: {} }, // empty form
  "GET /account/two-factor":                          { expect: SIGNED_IN },
  "GET /account/two-factor/setup":                    { expect: SIGNED_IN },
  "POST /account/two-factor/setup":                   { expect: { anonymous: "sign_in", others: "invalid" }, csrfFrom: "/test/form", form: {} }, // empty form
  "POST /account/two-factor/recovery-codes":          { expect: { anonymous: "sign_in", others: "invalid" }, csrfFrom: "/test/form", form: {} }, // empty form
  "GET /account/two-factor/disable":                  { expect: SIGNED_IN },
  "POST /account/two-factor/disable":                 { expect: { anonymous: "sign_in", others: "allow" }, csrfFrom: "/test/form", form: {} },
  "GET /account/sessions":                            { expect: SIGNED_IN },
  "POST /account/sessions/end-others":                { expect: { anonymous: "sign_in", others: "allow" }, csrfFrom: "/test/form", form: {} },
  // Issue 18's personal API tokens: anyone's own; a token id that is nobody's is not found.
  "GET /account/api-tokens":                          { expect: SIGNED_IN },
  "POST /account/api-tokens":                         { expect: { anonymous: "sign_in", others: "invalid" }, csrfFrom: "/test/form", form: {} }, // empty form
  "GET /account/api-tokens/:tokenId/revoke":          { expect: { anonymous: "sign_in", others: "deny" } },
  "POST /account/api-tokens/:tokenId/revoke":         { expect: { anonymous: "sign_in", others: "deny" }, csrfFrom: "/test/form", form: {} },
  "GET /admin":                                       { expect: { anonymous: "sign_in", others: "deny", org_analyst_A: "allow", org_analyst_B: "allow", network_lead_N: "allow", network_lead_M: "allow", national_admin: "allow" } },
  "GET /admin/users":                                 { expect: ADMIN_ONLY },
  "GET /admin/users/:userId":                         { expect: ADMIN_ONLY },
  "POST /admin/users/:userId/grants":                 { expect: { anonymous: "sign_in", others: "deny", national_admin: "invalid" }, csrfFrom: "/test/form", form: {} },
  "POST /admin/users/:userId/grants/revoke":          { expect: { anonymous: "sign_in", others: "deny", national_admin: "invalid" }, csrfFrom: "/test/form", form: {} },
  "POST /admin/users/:userId/lock":                   { expect: { anonymous: "sign_in", others: "deny", national_admin: "allow" }, csrfFrom: "/test/form", form: {} },
  "POST /admin/users/:userId/unlock":                 { expect: { anonymous: "sign_in", others: "deny", national_admin: "allow" }, csrfFrom: "/test/form", form: {} },
  "POST /admin/users/:userId/disable":                { expect: { anonymous: "sign_in", others: "deny", national_admin: "allow" }, csrfFrom: "/test/form", form: {} },
  "POST /admin/users/:userId/enable":                 { expect: { anonymous: "sign_in", others: "deny", national_admin: "allow" }, csrfFrom: "/test/form", form: {} },
  "POST /admin/users/:userId/sessions/end":           { expect: { anonymous: "sign_in", others: "deny", national_admin: "allow" }, csrfFrom: "/test/form", form: {} },
  "POST /admin/users/:userId/api-tokens/:tokenId/revoke": { expect: { anonymous: "sign_in", others: "deny" }, csrfFrom: "/test/form", form: {} }, // no such token
  "GET /admin/invitations":                           { expect: { anonymous: "sign_in", others: "deny", org_analyst_A: "allow", org_analyst_B: "allow", network_lead_N: "allow", network_lead_M: "allow", national_admin: "allow" } },
  "POST /admin/invitations":                          { expect: { anonymous: "sign_in", others: "deny", org_analyst_A: "invalid", org_analyst_B: "invalid", network_lead_N: "invalid", network_lead_M: "invalid", national_admin: "invalid" }, csrfFrom: "/test/form", form: {} },
  "POST /admin/members/revoke":                      { expect: { anonymous: "sign_in", others: "invalid" }, csrfFrom: "/test/form", form: {} }, // who may: test/web/admin-pages.test.ts
  "POST /admin/invitations/:invitationId/revoke":     { expect: { anonymous: "deny", others: "deny" }, csrfFrom: "/test/form", form: {} }, // no such invitation
  "GET /admin/sessions":                              { expect: ADMIN_ONLY },
  "GET /admin/jobs":                                  { expect: ADMIN_ONLY },
  "GET /admin/audit":                                 { expect: ADMIN_ONLY },
  "GET /admin/audit.csv":                             { expect: ADMIN_ONLY },
  "GET /invitations/accepted":                        { expect: SIGNED_IN },
  "GET /invitations/:token":                          { expect: { others: "deny" } }, // no such invitation: 404
  "POST /invitations/:token":                         { expect: { others: "deny" }, csrfFrom: "/test/form", form: {} }, // no such invitation: 404
  "GET /compare":                                     { expect: PUBLIC, path: `/compare?orgs=${ORG_A},${ORG_B}` },
  // Guide authoring (issue 16): guide authors and national administrators only. The sample draft
  // has no changelog yet, so it cannot be submitted (400); review actions name a draft that does
  // not exist (404), so no row changes the draft the others read.
  "GET /guides/author":                               { expect: AUTHORS },
  "GET /guides/:guideId/drafts/new":                  { expect: AUTHORS },
  "POST /guides/:guideId/drafts/new":                 { expect: AUTHORS, csrfFrom: "/test/form", form: { step: "minor" } },
  "GET /guides/drafts/new-guide":                     { expect: AUTHORS },
  "POST /guides/drafts/new-guide":                    { expect: AUTHORS_INVALID, csrfFrom: "/test/form", form: {} },
  "GET /guides/drafts/:draftId":                      { expect: AUTHORS },
  "POST /guides/drafts/:draftId/submit":              { expect: AUTHORS_INVALID, csrfFrom: "/test/form", form: {} },
  "POST /guides/drafts/:draftId/approve":             { expect: { anonymous: "sign_in", others: "deny" }, path: "/guides/drafts/999999/approve", csrfFrom: "/test/form", form: {} },
  "POST /guides/drafts/:draftId/request-changes":     { expect: { anonymous: "sign_in", others: "deny" }, path: "/guides/drafts/999999/request-changes", csrfFrom: "/test/form", form: { comment: "x" } },
  "POST /guides/drafts/:draftId/publish":             { expect: { anonymous: "sign_in", others: "deny" }, path: "/guides/drafts/999999/publish", csrfFrom: "/test/form", form: {} },
  "POST /guides/drafts/:draftId/withdraw":            { expect: { anonymous: "sign_in", others: "deny" }, path: "/guides/drafts/999999/withdraw", csrfFrom: "/test/form", form: {} },
  "GET /guides/drafts/:draftId/details":              { expect: AUTHORS },
  "POST /guides/drafts/:draftId/details":             { expect: AUTHORS_INVALID, csrfFrom: "/test/form", form: {} },
  "GET /guides/drafts/:draftId/introduction":         { expect: AUTHORS },
  "POST /guides/drafts/:draftId/introduction":        { expect: AUTHORS, csrfFrom: "/test/form", form: { intent: "preview", introduction: "x" } },
  "GET /guides/drafts/:draftId/sections/:section":    { expect: AUTHORS },
  "POST /guides/drafts/:draftId/sections/:section":   { expect: AUTHORS, csrfFrom: "/test/form", form: { intent: "preview" } },
  "POST /guides/drafts/:draftId/sections/:section/move": { expect: AUTHORS, csrfFrom: "/test/form", form: { move: "up" } },
  "GET /guides/drafts/:draftId/sections/:section/ideas/:idea": { expect: AUTHORS },
  "POST /guides/drafts/:draftId/sections/:section/ideas/:idea": { expect: AUTHORS, csrfFrom: "/test/form", form: { intent: "preview" } },
  "POST /guides/drafts/:draftId/sections/:section/ideas/:idea/move": { expect: AUTHORS, csrfFrom: "/test/form", form: { move: "up" } },
  "GET /guides/drafts/:draftId/measures":             { expect: AUTHORS },
  "POST /guides/drafts/:draftId/measures":            { expect: AUTHORS_INVALID, csrfFrom: "/test/form", form: {} },
  // Proposals (issue 17): drafted by a network's leads; the sample is a DRAFT of network N, so
  // everyone else (a reader not signed in too) is told it does not exist.
  "GET /networks/:networkId/proposals":               { expect: PUBLIC },
  "GET /networks/:networkId/proposals/new":           { expect: { anonymous: "sign_in", others: "deny", network_lead_N: "allow" } },
  "POST /networks/:networkId/proposals/new":          { expect: { anonymous: "sign_in", others: "deny", network_lead_N: "invalid" }, csrfFrom: "/test/form", form: {} },
  "GET /proposals/review":                            { expect: { anonymous: "sign_in", others: "deny", proposal_reviewer: "allow", national_admin: "allow" } },
  "GET /proposals/:proposalId":                       { expect: N_DRAFT },
  // The matrix's proposal is a draft: it has no evaluation for anyone (approved ones are public).
  "GET /proposals/:proposalId/evaluation":            { expect: { others: "deny" } },
  "GET /proposals/:proposalId/evaluation/downloads/:item.csv": { expect: { others: "deny" }, get path() { return `/proposals/${SAMPLES.proposalId}/evaluation/downloads/verdicts.csv`; } }, // as its page: a draft has no evaluation
  "GET /proposals/:proposalId/evaluation/downloads/:item.svg": { expect: { others: "deny" }, get path() { return `/proposals/${SAMPLES.proposalId}/evaluation/downloads/participant-1.svg`; } },
  "GET /proposals/:proposalId/evaluation/downloads/:item.png": { expect: { others: "deny" }, get path() { return `/proposals/${SAMPLES.proposalId}/evaluation/downloads/participant-1.png`; } },
  "POST /proposals/:proposalId/transition":           { expect: { others: "deny", network_member_N: "invalid", network_lead_N: "invalid", national_admin: "invalid" }, csrfFrom: "/test/form", form: { action: "no-such-action" } },
  "POST /proposals/:proposalId/comments":             { expect: { others: "deny" }, csrfFrom: "/test/form", form: { comment: "Not while it is a draft." } },
  "GET /proposals/:proposalId/edit":                  { expect: { others: "deny", network_lead_N: "allow" } },
  "POST /proposals/:proposalId/edit":                 { expect: { others: "deny", network_lead_N: "invalid" }, csrfFrom: "/test/form", form: {} },
  // Self-assessment (issue 16): an organisation's rounds are its own people's (and national
  // administrators'); the sample round is PRIVATE, so everyone else is told it does not exist.
  "GET /assessments":                                 { expect: PUBLIC },
  "GET /assessments/:matrixId":                       { expect: { ...OWN_ROUNDS, network_member_N: "allow", network_lead_N: "allow", network_member_M: "allow", network_lead_M: "allow" }, path: `/assessments/${MATRIX}?org=${ORG_A}` }, // the demo puts A in both networks: their people see its SHARED rounds only (none here)
  "GET /assessments/:matrixId/downloads/:item.csv":  { expect: { ...OWN_ROUNDS, network_member_N: "allow", network_lead_N: "allow", network_member_M: "allow", network_lead_M: "allow" }, path: `/assessments/${MATRIX}/downloads/rounds.csv?org=${ORG_A}` }, // as its page
  "GET /assessments/:matrixId/downloads/:item.svg":  { expect: OWN_ROUNDS, path: `/assessments/${MATRIX}/downloads/assessment-history.svg?org=${ORG_A}` }, // the chart is of A's private submitted round: no chart (404) for the networks' people
  "GET /assessments/:matrixId/downloads/:item.png":  { expect: OWN_ROUNDS, path: `/assessments/${MATRIX}/downloads/assessment-history.png?org=${ORG_A}` },
  "GET /assessments/:matrixId.csv":                   { expect: OWN_ROUNDS, path: `/assessments/${MATRIX}.csv?org=${ORG_A}` },
  "GET /assessments/:matrixId/rounds/new":            { expect: OWN_ROUNDS, path: `/assessments/${MATRIX}/rounds/new?org=${ORG_A}` },
  "POST /assessments/:matrixId/rounds/new":           { expect: OWN_ROUNDS, csrfFrom: "/test/form", form: { org: ORG_A, prefill: "no" } },
  "GET /assessments/:matrixId/rounds/:roundId":       { expect: OWN_ROUNDS },
  "GET /assessments/:matrixId/rounds/:roundId/downloads/:item.csv": { expect: OWN_ROUNDS, get path() { return `/assessments/${MATRIX}/rounds/${SAMPLES.roundId}/downloads/answers.csv`; } },
  "POST /assessments/:matrixId/rounds/:roundId":      { expect: OWN_ROUNDS, csrfFrom: "/test/form", form: { action: "private" } },
  // Guide feedback (issue 16): given for one's own organisation; triage is for authors.
  "GET /guides/:guideId/feedback/new":                { expect: SIGNED_IN, path: "/guides/test-flow/feedback/new?version=1.0&section=same-day-care&idea=direct-access" },
  "POST /guides/:guideId/feedback/new":               { expect: OWN_ROUNDS, csrfFrom: "/test/form", form: { version: "1.0", orgCode: ORG_A, useful: "yes", tried: "no" } },
  "GET /guides/feedback":                             { expect: SIGNED_IN },
  "GET /guides/:guideId/feedback":                    { expect: SIGNED_IN },
  "GET /guides/triage":                               { expect: AUTHORS },
  "GET /guides/triage.csv":                           { expect: AUTHORS },
  "GET /guides/triage/:ref":                          { expect: AUTHORS },
  "POST /guides/triage/:ref":                         { expect: AUTHORS, csrfFrom: "/test/form", form: { status: "accepted", response: "Thank you." } },
  // Network workspaces (issue 17): public parts for everyone, members' parts private.
  "GET /group/:group":                                { expect: PUBLIC },
  "GET /networks/:networkId":                         { expect: PUBLIC },
  "GET /networks/:networkId/members":                 { expect: PUBLIC },
  "POST /networks/:networkId/members":                { expect: LEADS_N_INVALID, csrfFrom: "/test/form", form: { action: "add_organisation", orgCode: "ZZ999" } },
  "POST /networks/:networkId/requests/:requestId":    { expect: { ...LEADS_N_INVALID, anonymous: "deny" }, csrfFrom: "/test/form", form: { action: "decline", reason: "" } },
  "GET /networks/:networkId/join":                    { expect: SIGNED_IN },
  "POST /networks/:networkId/join":                   { expect: { anonymous: "sign_in", others: "invalid" }, csrfFrom: "/test/form", form: { asPerson: "", orgCode: "", message: "" } },
  "GET /networks/:networkId/events":                  { expect: MEMBERS_N },
  "GET /networks/:networkId/events/new":              { expect: MEMBERS_N },
  "POST /networks/:networkId/events/new":             { expect: MEMBERS_N_INVALID, csrfFrom: "/test/form", form: { title: "", heldOn: "2026-01-01" } },
  "GET /networks/:networkId/events/:eventId":         { expect: MEMBERS_N },
  "GET /networks/:networkId/events/:eventId/edit":    { expect: MEMBERS_N },
  "POST /networks/:networkId/events/:eventId/edit":   { expect: MEMBERS_N_INVALID, csrfFrom: "/test/form", form: { title: "", heldOn: "2026-01-01" } },
  "POST /networks/:networkId/events/:eventId/actions": { expect: MEMBERS_N_INVALID, csrfFrom: "/test/form", form: { text: "" } },
  "POST /networks/:networkId/events/:eventId/actions/:actionId": { expect: MEMBERS_N, csrfFrom: "/test/form", form: { done: "no" } },
  "GET /networks/:networkId/assessments/:matrixId":   { expect: { anonymous: "sign_in", others: "deny", network_member_N: "allow", network_lead_N: "allow", national_admin: "allow" } },
  "GET /networks/:networkId/assessments/:matrixId/downloads/:item.csv": { expect: { anonymous: "sign_in", others: "deny", network_member_N: "allow", network_lead_N: "allow", national_admin: "allow" }, path: `/networks/${NETWORK_N}/assessments/${MATRIX}/downloads/levels.csv` },
  // Shared learning (issue 17): the sample is a published post of network N for its members only;
  // posting needs network membership AND an organisation, which no single case holds.
  "GET /learning":                                    { expect: PUBLIC },
  "GET /notifications":                               { expect: SIGNED_IN },
  "POST /notifications/read":                         { expect: SIGNED_IN, csrfFrom: "/test/form", form: {} },
  "POST /follows":                                    { expect: SIGNED_IN, csrfFrom: "/test/form", form: { kind: "network", targetId: "london-uec", email: "yes" } },
  "GET /learning/:postId":                            { expect: NETWORK_N_READERS },
  "GET /learning/:postId/downloads/:item.csv":      { expect: NETWORK_N_READERS, get path() { return `/learning/${SAMPLES.postId}/downloads/evidence.csv`; } },
  "GET /learning/:postId/downloads/:item.svg":      { expect: { others: "deny" }, get path() { return `/learning/${SAMPLES.postId}/downloads/evidence-1.svg`; } }, // the post links no measure: no chart, for anyone
  "GET /learning/:postId/downloads/:item.png":      { expect: { others: "deny" }, get path() { return `/learning/${SAMPLES.postId}/downloads/evidence-1.png`; } },
  "POST /learning/:postId":                           { expect: { ...NETWORK_N_READERS, anonymous: "sign_in" }, csrfFrom: "/test/form", form: { action: "comment", comment: "From the route matrix." } },
  "GET /learning/:postId/edit":                       { expect: { others: "deny" } }, // published: nobody's draft
  "POST /learning/:postId/edit":                      { expect: { others: "deny" }, csrfFrom: "/test/form", form: { title: "Taken over" } },
  "GET /networks/:networkId/learning/new":            { expect: { anonymous: "sign_in", others: "deny" } },
  "POST /networks/:networkId/learning/new":           { expect: { anonymous: "sign_in", others: "deny" }, csrfFrom: "/test/form", form: { title: "x" } },
  // The open API (issue 18): its own scope, no session read, public data the same for everyone.
  "GET /api":                                         { expect: PUBLIC },
  "GET /api/v1/openapi.json":                         { expect: PUBLIC },
  "GET /api/v1/organisations":                        { expect: PUBLIC },
  "GET /api/v1/organisations/:orgCode":               { expect: PUBLIC },
  "GET /api/v1/networks":                             { expect: PUBLIC },
  "GET /api/v1/networks/:networkId":                  { expect: PUBLIC },
  "GET /api/v1/peer-groups":                          { expect: PUBLIC },
  "GET /api/v1/metrics":                              { expect: PUBLIC },
  "GET /api/v1/metrics/:metricId":                    { expect: PUBLIC },
  "GET /api/v1/values":                               { expect: PUBLIC, path: `/api/v1/values?orgCode=${ORG_A}&metricId=ae_4hr_all` },
  "GET /api/v1/organisations/:orgCode/metrics/:metricId/spc": { expect: PUBLIC },
  "POST /api/v1/spc":                                 { expect: PUBLIC, json: { points: [{ date: "2025-01-01", value: 1 }, { date: "2025-02-01", value: 2 }] } },
  "GET /api/v1/organisations/:orgCode/metrics/:metricId/comparison": { expect: PUBLIC },
  "GET /api/v1/metrics/:metricId/funnel":             { expect: PUBLIC },
  "GET /api/v1/organisations/:orgCode/opportunities": { expect: PUBLIC },
  "GET /api/v1/guides":                               { expect: PUBLIC },
  "GET /api/v1/guides/:slug":                         { expect: PUBLIC, path: "/api/v1/guides/test-flow" },
  "GET /api/v1/guides/:slug/versions":                { expect: PUBLIC, path: "/api/v1/guides/test-flow/versions" },
  "GET /api/v1/learning":                             { expect: PUBLIC },
  "GET /api/v1/proposals":                            { expect: PUBLIC },
  // The samples are network N's members-only post and its draft proposal: a session gives the
  // API nothing (only a token would), so every case reads them as an anonymous caller does.
  "GET /api/v1/learning/:postId":                     { expect: { others: "deny" } },
  "GET /api/v1/proposals/:proposalId":                { expect: { others: "deny" } },
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** `pattern` with its parameters from SAMPLES; undefined when one has no sample. */
function fill(pattern: string): string | undefined {
  let missing = false;
  const path = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = SAMPLES[name];
    if (!value) missing = true;
    return encodeURIComponent(value ?? "");
  });
  return missing || path.includes("*") ? undefined : path;
}

function classify(res: LightMyRequestResponse): Answer | `unexpected ${number}` {
  const location = String(res.headers.location ?? "");
  if (res.statusCode === 401) return "sign_in";
  if (
    res.statusCode >= 300 &&
    res.statusCode < 400 &&
    /^(https?:\/\/[^/]+)?\/sign-in\b/.test(location)
  )
    return "sign_in";
  if (res.statusCode >= 200 && res.statusCode < 400) return "allow";
  if (res.statusCode === 403 || res.statusCode === 404) return "deny";
  if (res.statusCode === 400) return "invalid";
  return `unexpected ${res.statusCode}`;
}

/** The cookies a response sets, as a Cookie header adds them. */
function cookiesSet(res: LightMyRequestResponse): string[] {
  const set = res.headers["set-cookie"];
  return (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(";")[0]!);
}

/** A provider that is never reached: start gives its address, finish is never asked. */
const fakeProvider: IdentityProvider = {
  displayName: "Test provider",
  start: async (returnTo) => ({
    url: "https://idp.example/authorize?state=s",
    attempt: { state: "s", nonce: "n", codeVerifier: "v", returnTo },
  }),
  finish: () => Promise.reject(new Error("the route matrix never finishes a sign-in")),
};

let t: TestDatabase;
let app: FastifyInstance;
let store: AccountStore;
const userIds = new Map<UserCase, number>();
const cookies = new Map<Case, string | undefined>();

beforeAll(async () => {
  t = await demoDatabase({ orgs: 12, months: 24, seed: 5 });
  store = createAccountStore(t.db);
  app = await createAppFromDatabase({
    db: t.db,
    pool: t.pool,
    devMailbox: true,
    // Every case asks from one address: a limit the matrix's few hundred API requests stay under.
    api: { limits: { anonymous: 100_000, token: 100_000, windowSeconds: 60 } },
    matrices: readMatrixFolder(path.join(import.meta.dirname, "../assessments/fixtures/good")),
    sso: { provider: fakeProvider, publicUrl: "http://localhost", createAccounts: false },
    pageRoutes: async (pages) => {
      pages.get("/test/form", async (_request, reply) =>
        reply
          .type("text/html; charset=utf-8")
          .header("Cache-Control", "no-store")
          .send(`<form method="post"><input name="_csrf" value="${reply.generateCsrf()}"></form>`),
      );
    },
    sessions: {
      secret: TEST_SESSION_SECRET,
      idleMs: 30 * 60_000,
      absoluteMs: 12 * 3_600_000,
      production: false,
    },
  });
  await app.ready();
  // Guide reading pages (issue 16): a published fixture guide for :guideId and :version.
  await createGuideService({ store: createGuideStore(t.db), isMetricId }).publish(
    { kind: "operator", label: "route matrix" },
    guideFixture(),
  );
  // Guide feedback: one illustrative sample for :ref.
  await composeServices({ db: t.db, pool: t.pool }).guideFeedback.importSample("test-flow", [
    { ref: "TEST-FB-001", version: "1.0", useful: "yes", tried: "no", given: "2026-01-20" },
  ]);
  const grants = caseGrants({ orgA: ORG_A, orgB: ORG_B, networkN: NETWORK_N, networkM: NETWORK_M });
  for (const name of USER_CASES) {
    const user = await store.createUser({ email: `${name}@example.nhs.uk`, displayName: name });
    for (const grant of grants[name]) await store.addGrant(user.userId, grant, null);
    userIds.set(name, user.userId);
    cookies.set(name, await sessionCookieFor(store, user.userId));
  }
  cookies.set("anonymous", undefined);
  const bystander = await store.createUser({ email: "bystander@example.nhs.uk", displayName: "B" });
  SAMPLES.userId = String(bystander.userId);
  // Self-assessment: a private submitted round of organisation A (the round rows' sample).
  {
    const member = {
      ...{ kind: "user" as const, userId: userIds.get("org_member_A")! },
      email: "m",
      displayName: "m",
      grants: grants.org_member_A,
    };
    const services = composeServices({
      db: t.db,
      pool: t.pool,
      matrices: readMatrixFolder(path.join(import.meta.dirname, "../assessments/fixtures/good")),
    });
    const round = await services.assessments.startRound(member, ORG_A, MATRIX, false);
    await services.assessments.submit(member, round.roundId, {
      assessedOn: "2026-01-05",
      answers: { admission: { score: "1", evidence: "" }, discharge: { score: "2", evidence: "" } },
    });
    SAMPLES.roundId = String(round.roundId);
  }
  // Guide authoring: a guide author's draft of the fixture guide's next version.
  {
    const author = {
      ...{ kind: "user" as const, userId: userIds.get("guide_author")! },
      email: "a",
      displayName: "a",
      grants: grants.guide_author,
    };
    const services = composeServices({ db: t.db, pool: t.pool });
    SAMPLES.draftId = String(await services.authoring.startFromGuide(author, "test-flow", "minor"));
  }
  // Network workspaces: an event of network N with an open action, and a pending request to join N.
  {
    const person = (name: UserCase) => ({
      ...{ kind: "user" as const, userId: userIds.get(name)! },
      email: `${name}@example.nhs.uk`,
      displayName: name,
      grants: grants[name],
    });
    const workspaces = composeServices({ db: t.db, pool: t.pool }).networkWorkspaces;
    const eventId = await workspaces.createEvent(person("network_lead_N"), NETWORK_N, {
      ...{ title: "Kick-off", heldOn: "2026-02-01", startsAt: "", place: "" },
      ...{ agenda: "", notes: "" },
    });
    SAMPLES.eventId = String(eventId);
    SAMPLES.actionId = String(
      await workspaces.addAction(person("network_lead_N"), NETWORK_N, eventId, {
        ...{ text: "Share the data", ownerUserId: "", ownerName: "A Person", dueOn: "" },
      }),
    );
    SAMPLES.requestId = String(
      await workspaces.requestToJoin(person("org_member_B"), NETWORK_N, {
        ...{ asPerson: "yes", orgCode: "", message: "" },
      }),
    );
  }
  // Proposals: a draft of network N by its lead.
  {
    const lead = {
      ...{ kind: "user" as const, userId: userIds.get("network_lead_N")! },
      email: "l",
      displayName: "l",
      grants: grants.network_lead_N,
    };
    const services = composeServices({ db: t.db, pool: t.pool });
    SAMPLES.proposalId = String(
      await services.proposals.create(lead, NETWORK_N, {
        title: "Route matrix proposal",
        aim: "An aim.",
        approach: "",
        changeIdeas: ["test-flow/direct-access"],
        participants: ORG_A,
        comparators: ORG_B,
        primaryMetricId: "ae_4hr_all",
        balancingMetricIds: [],
        baselineStart: "2024-01",
        baselineEnd: "2024-12",
        plannedStart: "2025-02",
        followUpEnd: "2025-12",
        expectedEffect: "3",
        expectedDirection: "increase",
        timeline: "",
        resources: "",
      }),
    );
  }
  // Shared learning: a published network-only post of network N by a member of N and of A.
  {
    const grants = [
      {
        role: "network_member" as const,
        scope: { kind: "network" as const, networkId: NETWORK_N },
      },
      {
        role: "organisation_member" as const,
        scope: { kind: "organisation" as const, orgCode: ORG_A },
      },
    ];
    const user = await store.createUser({ email: "poster@example.nhs.uk", displayName: "Poster" });
    const author = {
      kind: "user" as const,
      userId: user.userId,
      email: "p",
      displayName: "p",
      grants,
    };
    const services = composeServices({ db: t.db, pool: t.pool });
    const post = await services.learning.create(author, NETWORK_N, {
      kind: "what_worked",
      title: "Route matrix post",
      body: "What we did.",
      orgCode: ORG_A,
      changeDate: "2025-06-01",
      ideas: ["test-flow/direct-access"],
      metricIds: [],
      careSetting: "",
      visibility: "network",
    });
    await services.learning.publish(author, post.postId);
    SAMPLES.postId = String(post.postId);
  }
}, 180_000);

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

/** The routes as the table keys them: "METHOD /pattern", HEAD folded into GET. */
function registeredRoutes(): string[] {
  const keys = new Set(app.routeList().map((r) => `${r.method} ${r.url}`));
  return [...keys].filter((k) => !(k.startsWith("HEAD ") && keys.has(`GET ${k.slice(5)}`)));
}

/** Sends an unsafe request as `name`: a new session, its CSRF token from the row's form page. */
async function sendUnsafe(method: string, path: string, row: RouteRow, name: Case) {
  const userId = name === "anonymous" ? undefined : userIds.get(name);
  let cookie = userId === undefined ? "" : await sessionCookieFor(store, userId);
  if (row.json !== undefined)
    return app.inject({
      method: method as "POST",
      url: path,
      headers: cookie ? { cookie } : {},
      payload: row.json as object,
    });
  const formPage = fill(row.csrfFrom!)!;
  const page = await app.inject({ url: formPage, headers: cookie ? { cookie } : {} });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  cookie = [cookie, ...cookiesSet(page)].filter(Boolean).join("; ");
  return app.inject({
    method: method as "POST",
    url: path,
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ ...row.form, ...(token ? { _csrf: token } : {}) }).toString(),
  });
}

describe("the route matrix", () => {
  it("has a row for every registered route, and a route for every row", () => {
    const registered = registeredRoutes();
    const problems = [
      ...registered
        .filter((key) => !(key in ROUTES))
        .map((key) => `route ${key} has no row in the route matrix: add one`),
      ...Object.keys(ROUTES)
        .filter((key) => !registered.includes(key))
        .map((key) => `row "${key}" matches no registered route: remove it or fix its key`),
    ];
    for (const [key, row] of Object.entries(ROUTES)) {
      const [method, pattern] = key.split(" ") as [string, string];
      if (!row.path && !fill(pattern))
        problems.push(`row "${key}": a parameter has no sample in SAMPLES; add one or give path`);
      if (UNSAFE.has(method) && !row.csrfFrom && row.json === undefined)
        problems.push(`row "${key}": give csrfFrom, the page whose form carries the CSRF token`);
    }
    expect(problems).toEqual([]);
  });

  it("signs every actor case in (a broken cookie would make every case a reader)", async () => {
    for (const name of USER_CASES) {
      const res = await app.inject({ url: "/networks", headers: { cookie: cookies.get(name)! } });
      expect(res.body, name).toContain('href="/sign-out"');
    }
  });

  it("answers every route for every actor case as the table says", async () => {
    const wrong: string[] = [];
    for (const key of registeredRoutes()) {
      const row = ROUTES[key];
      if (!row) continue;
      const [method, pattern] = key.split(" ") as [string, string];
      const path = row.path ?? fill(pattern)!;
      for (const name of CASES) {
        const expected = row.expect[name] ?? row.expect.others;
        // A new session per request: a row may end sessions (sign-out, "sign out everywhere
        // else", disabling an account), which must not change the rows after it.
        const userId = name === "anonymous" ? undefined : userIds.get(name);
        const cookie = userId === undefined ? undefined : await sessionCookieFor(store, userId);
        const res = UNSAFE.has(method)
          ? await sendUnsafe(method, path, row, name)
          : await app.inject({
              method: method as "GET",
              url: path,
              headers: cookie ? { cookie } : {},
            });
        const got = classify(res);
        if (got !== expected)
          wrong.push(
            `${key} (${path}) × ${name}: expected ${expected}, got ${got} (${res.statusCode})`,
          );
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});
