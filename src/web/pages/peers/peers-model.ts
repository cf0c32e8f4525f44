/**
 * The recommended-peers page's model: each feature in words a person reads, every peer with its
 * distance and why it was chosen, and how many peers the previous period's data also chose.
 */
import type {
  PeerFeatureDifference,
  RecommendedPeersResult,
} from "../../../metrics/analytics/types.js";
import { formatNumber } from "../../../metrics/format.js";
import { orgKindLabel } from "../../../metrics/organisations.js";
import * as links from "../../links.js";
import { downloadHref, type PageDownloads } from "../../exports/page-downloads.js";

/** A feature's value as text: scores in SDs, conversion as a percentage, categories as they are. */
export function featureText(id: string, value: number | string | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return "–";
  switch (id) {
    case "conversion":
      // A&E admission conversion is stored as a percentage (0–100), as the metric shows it.
      return `${formatNumber(value, 1)}%`;
    case "critical_care":
      return `${formatNumber(value * 100, 1)} per 100 G&A beds`;
    default:
      // size and balance: means of standardised logs (0 = the average organisation of the kind).
      return formatNumber(value, 2);
  }
}

/** "0.3 SD smaller", "same", "different". */
function differenceText(d: PeerFeatureDifference): string {
  if (d.kind === "category") return d.difference === 0 ? "same" : "different";
  const size = formatNumber(Math.abs(d.difference), 1);
  if (Math.abs(d.difference) < 0.05) return "same";
  return `${size} SD ${d.difference > 0 ? "higher" : "lower"}`;
}

export function peersPage(r: RecommendedPeersResult) {
  const org = r.organisation;
  const kind = orgKindLabel[org.kind].toLowerCase();
  const groupRef = `recommended:${org.orgCode}`;
  return {
    org,
    kindSingular: kind,
    kindPlural: `${kind}s`,
    count: r.peers.length,
    dashboardHref: links.organisationDashboard(org.orgCode, groupRef),
    tableCsv: {
      features: downloadHref(`/org/${org.orgCode}/peers`, "features", "csv"),
      peers: downloadHref(`/org/${org.orgCode}/peers`, "peers", "csv"),
      distances: downloadHref(`/org/${org.orgCode}/peers`, "distances", "csv"),
    },
    orgHref: links.organisationDashboard(org.orgCode),
    persistence: r.persistence,
    method: r.method,
    features: r.features.map((f) => ({
      label: f.label,
      description: f.description,
      own: featureText(f.metricId, r.own[f.metricId]),
    })),
    peers: r.peers.map((p, i) => ({
      rank: i + 1,
      name: p.name,
      orgCode: p.orgCode,
      href: links.organisationDashboard(p.orgCode),
      distance: formatNumber(p.distance, 2),
      reason: p.reason,
      cells: r.features.map((f) => {
        const d = p.differences.find((x) => x.id === f.metricId);
        return {
          value: featureText(f.metricId, p.features[f.metricId]),
          difference: d ? differenceText(d) : "not reported",
        };
      }),
    })),
  };
}

/**
 * The page's three tables as data (src/web/exports/page-downloads.ts): the features, the peers
 * nearest first, and each peer's value and difference per feature (numbers as numbers).
 */
export function peersDownloads(r: RecommendedPeersResult): PageDownloads {
  const org = r.organisation;
  const raw = (v: number | string | null | undefined) =>
    v === undefined || (typeof v === "number" && !Number.isFinite(v)) ? null : v;
  return {
    stem: `${org.orgCode}-peers`,
    source: `Improvement Hub's recommended peers (${r.method}), from the public NHS data it holds`,
    period: "the latest period of each feature's measure",
    charts: [],
    tables: [
      {
        id: "features",
        head: ["feature", "label", "description", "kind", org.orgCode],
        rows: r.features.map((f) => [
          f.metricId,
          f.label,
          f.description,
          f.kind,
          raw(r.own[f.metricId]),
        ]),
      },
      {
        id: "peers",
        head: ["rank", "org_code", "name", "distance", "reason"],
        rows: r.peers.map((p, i) => [i + 1, p.orgCode, p.name, p.distance, p.reason]),
      },
      {
        id: "distances",
        head: ["org_code", "name", "feature", "value", "difference"],
        rows: r.peers.flatMap((p) =>
          r.features.map((f) => [
            p.orgCode,
            p.name,
            f.metricId,
            raw(p.features[f.metricId]),
            p.differences.find((x) => x.id === f.metricId)?.difference ?? null,
          ]),
        ),
      },
    ],
  };
}
