/**
 * Every URL the site links to, built in one place: routes use these functions and templates the
 * same functions as the `links` global (views.ts), so a path changes here or nowhere.
 */

/** What a metric page shows besides the peer group: a continued series, a reader's rebase. */
export interface SeriesView {
  history?: "continued" | undefined;
  /** View the limits recalculated from this period (YYYY-MM-DD). */
  rebase?: string | undefined;
}

const withPeers = (peers: string | undefined, view: SeriesView = {}) => {
  const q = new URLSearchParams();
  if (peers) q.set("peers", peers);
  if (view.history) q.set("history", view.history);
  if (view.rebase) q.set("rebase", view.rebase);
  const s = q.toString();
  return s ? `?${s}` : "";
};

/** Where an organisation's page is: regions and ICBs have group dashboards. */
export function organisation(o: { orgCode: string; kind: string }): string {
  if (o.kind === "region") return region(o.orgCode);
  if (o.kind === "icb") return icb(o.orgCode);
  return `/org/${o.orgCode}`;
}

/** A provider's dashboard, keeping the peer group chosen. */
export const organisationDashboard = (orgCode: string, peers?: string) =>
  `/org/${orgCode}${withPeers(peers)}`;

/** A provider's board view: every metric's Making Data Count icons in one compact table. */
export const organisationBoard = (orgCode: string, peers?: string) =>
  `/org/${orgCode}/board${withPeers(peers)}`;

/** An organisation's dashboard, every section's rows, as one CSV (the board summary's). */
export const organisationDashboardCsv = (orgCode: string, peers?: string) =>
  `/org/${orgCode}/board.csv${withPeers(peers)}`;

/** Why an organisation's recommended peers were chosen. */
/** @public */
export const recommendedPeers = (orgCode: string) => `/org/${orgCode}/peers`;

/**
 * An organisation's page for one metric, keeping the peer group chosen; `view.history`
 * "continued" shows a merged trust's series continued with its predecessors' combined figures,
 * `view.rebase` the limits recalculated from a period.
 */
export const organisationMetric = (
  orgCode: string,
  metricId: string,
  peers?: string,
  view?: SeriesView,
) => `/org/${orgCode}/metric/${metricId}${withPeers(peers, view)}`;

/** A download of an organisation's metric page: its series, or one chart's data or picture. */
export const organisationMetricDownload = (
  orgCode: string,
  metricId: string,
  file: "csv" | "spc.csv" | "benchmark.csv" | "funnel.csv" | `${string}.svg` | `${string}.png`,
  peers?: string,
  view?: SeriesView,
) =>
  file === "csv"
    ? `/org/${orgCode}/metric/${metricId}.csv${withPeers(peers, view)}`
    : `/org/${orgCode}/metric/${metricId}/${file}${withPeers(peers, view)}`;

export const metricCsv = (metricId: string) => `/metric/${metricId}.csv`;
export const region = (regionCode: string) => `/regions/${regionCode}`;
export const icb = (icbCode: string) => `/icbs/${icbCode}`;
/** A network's workspace (src/web/pages/networks). */
export const network = (networkId: string) => `/networks/${networkId}`;
/** A network's dashboard of its members side by side on its focus metrics (src/web/pages/group). */
export const networkDashboard = (networkId: string) => `/group/network:${networkId}`;

// Used by templates only (the `links` global), which the unused-code check cannot see.
/** @public */
export const metric = (metricId: string) => `/metric/${metricId}`;
/** @public */
export const metricsTopic = (topic: string) => `/metrics#topic-${topic}`;
/** @public */
export const organisations = () => "/organisations";
/** @public */
export const networks = () => "/networks";
/** @public */
export const search = () => "/search";
/** @public */
export const compare = () => "/compare";

/** The sign-in page, coming back to `returnTo` (a path on this site) afterwards. */
export const signIn = (returnTo?: string) =>
  returnTo && returnTo !== "/"
    ? `/sign-in?${new URLSearchParams({ returnTo }).toString()}`
    : "/sign-in";

/** A signed-in person's own account pages. */
export const account = (page?: "name" | "password" | "two-factor" | "sessions" | "api-tokens") =>
  page ? `/account/${page}` : "/account";
