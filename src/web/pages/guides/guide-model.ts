/**
 * The models of the guide reading pages (issue 16; docs/guides.md "Reading a guide and its
 * data"): the list of guides, one version with its measures beside an organisation's data and
 * its change ideas ranked for that organisation, and a guide's versions.
 */
import type { Organisation } from "../../../metrics/organisations.js";
import {
  noDataReason,
  type GuideEvidence,
  type MeasureEvidence,
} from "../../../guides/evidence.js";
import { getMetric, getPlannedMetric } from "../../../metrics/catalogue/index.js";
import { RANKING_METHOD, type RankedChangeIdea } from "../../../guides/ranking.js";
import {
  CARE_SETTING_LABELS,
  MEASURE_ROLE_LABELS,
  measureRoles,
  type GuideSummary,
  type GuideVersion,
  type GuideVersionSummary,
} from "../../../guides/types.js";
import { mdcAssuranceIcon, mdcVariationIcon, sparkline } from "../../charts/index.js";
import * as links from "../../links.js";
import { longDate, showValue } from "../../present.js";
import { latestPeriodText } from "../organisation/dashboard-sections.js";

export const guideLinks = {
  list: () => "/guides",
  guide: (guideId: string) => `/guides/${guideId}`,
  versions: (guideId: string) => `/guides/${guideId}/versions`,
  version: (guideId: string, version: string) => `/guides/${guideId}/versions/${version}`,
  compare: (guideId: string, from: string, to: string) =>
    `/guides/${guideId}/compare?${new URLSearchParams({ from, to }).toString()}`,
  feedback: (guideId: string, version: string, section: string, idea: string) =>
    `/guides/${guideId}/feedback/new?${new URLSearchParams({ version, section, idea }).toString()}`,
};

const statusLabel = (status: "interim" | "final") =>
  status === "interim" ? "Interim (open to change from use)" : "Final";

export function guideListPage(guides: GuideSummary[]) {
  return {
    guides: guides.map((g) => ({
      title: g.title,
      href: guideLinks.guide(g.guideId),
      summary: g.summary,
      careSettings: g.careSettings.map((c) => CARE_SETTING_LABELS[c]).join(", "),
      owner: g.owner,
      version: g.currentVersion,
      status: statusLabel(g.status),
      published: longDate(g.published),
      changeIdeas: g.changeIdeaCount,
      versionsHref: guideLinks.versions(g.guideId),
      versionCount: g.versionCount,
    })),
  };
}

/** One measure beside the organisation's data (or why there is none). */
function measureRow(e: MeasureEvidence, orgCode: string | null) {
  const m = e.data;
  const spc = m?.trend.spc ?? null;
  return {
    metricId: e.measure.metricId,
    title: e.title,
    rationale: e.measure.rationale ?? null,
    // A measure with no data source yet has only its national page, which says so.
    metricHref:
      orgCode && !getPlannedMetric(e.measure.metricId)
        ? links.organisationMetric(orgCode, e.measure.metricId)
        : links.metric(e.measure.metricId),
    noData: e.noData,
    value: m ? showValue(m.metric, m.latest?.value ?? null) : null,
    period: m ? latestPeriodText(m) : null,
    variationIcon: spc ? mdcVariationIcon(spc.variationIcon, { size: 32, decorative: true }) : "",
    variationText: m ? (spc ? spc.variationText : m.trend.recentTrend.text) : null,
    assuranceIcon: spc?.assuranceIcon
      ? mdcAssuranceIcon(spc.assuranceIcon, { size: 32, decorative: true })
      : "",
    assuranceText: m
      ? spc?.assuranceIcon
        ? spc.assuranceText
        : "No target to assure against"
      : null,
    peers: m ? (m.notCurrent ?? m.comparison?.text ?? m.quartile?.text ?? null) : null,
    // Said once where the comparison with England reads as the peers' one (a quintile among them).
    england: e.england && e.england.text !== m?.comparison?.text ? e.england.text : null,
    opportunity: m?.opportunity ? m.opportunity.text : null,
    sparkline: m ? sparkline(m.sparkline.values, { reference: m.target?.value ?? null }) : "",
  };
}

export interface OrganisationChoice {
  /** The organisation the page shows data for, if any. */
  organisation: Organisation | null;
  /** The reader's own organisations (their grants), for the quick links. */
  own: Organisation[];
  /** Organisations offered in the select. */
  options: Organisation[];
}

export function guideVersionPage(input: {
  version: GuideVersion;
  current: GuideVersionSummary;
  previous: GuideVersionSummary | null;
  evidence: GuideEvidence | null;
  ranked: RankedChangeIdea[] | null;
  choice: OrganisationChoice;
  /** The reader's organisation last assessed itself against an older version. */
  lastAssessed: { organisation: string; version: string; compareHref: string } | null;
  signedIn: boolean;
  signInHref: string;
}) {
  const { version: v, current, evidence, choice } = input;
  const orgCode = evidence?.organisation.orgCode ?? null;
  const rows = new Map(
    (evidence?.measures ?? []).map((e) => [e.measure.metricId, measureRow(e, orgCode)]),
  );
  const row = (metricId: string) =>
    rows.get(metricId) ?? {
      metricId,
      title: getMetric(metricId)?.title ?? getPlannedMetric(metricId)?.title ?? metricId,
      rationale: null,
      metricHref: links.metric(metricId),
      noData: getPlannedMetric(metricId) ? noDataReason(metricId, null) : null,
      value: null,
    };
  const isCurrent = v.version === current.version;
  return {
    v,
    title: v.title,
    isCurrent,
    lastAssessed: input.lastAssessed,
    current: {
      version: current.version,
      href: guideLinks.guide(v.guideId),
      compareHref: guideLinks.compare(v.guideId, v.version, current.version),
    },
    status: statusLabel(v.status),
    published: longDate(v.published),
    careSettings: v.careSettings.map((c) => CARE_SETTING_LABELS[c]).join(", "),
    versionsHref: guideLinks.versions(v.guideId),
    stableHref: guideLinks.version(v.guideId, v.version),
    formAction: isCurrent ? guideLinks.guide(v.guideId) : guideLinks.version(v.guideId, v.version),
    previousCompareHref: input.previous
      ? guideLinks.compare(v.guideId, input.previous.version, v.version)
      : null,
    previousVersion: input.previous?.version ?? null,
    sections: v.sections.map((s) => ({
      ...s,
      changeIdeas: s.changeIdeas.map((c) => ({
        ...c,
        measureLinks: c.measures.map((id) => ({ id, title: row(id).title })),
        feedbackHref: guideLinks.feedback(v.guideId, v.version, s.id, c.id),
      })),
    })),
    measureGroups: measureRoles
      .map((role) => ({
        role,
        title: `${MEASURE_ROLE_LABELS[role]}s`,
        measures: v.measures
          .filter((m) => m.role === role)
          .map((m) => ({
            ...row(m.metricId),
            rationale: m.rationale ?? null,
          })),
      }))
      .filter((g) => g.measures.length > 0),
    organisation: choice.organisation,
    ownOrganisations: choice.own,
    orgOptions: choice.options.map((o) => ({
      value: o.orgCode,
      text: `${o.name} (${o.orgCode})`,
      selected: o.orgCode === choice.organisation?.orgCode,
    })),
    peersName: evidence?.peersName ?? null,
    ranked: input.ranked?.map((r) => ({
      title: r.changeIdea.title,
      href: `#idea-${r.changeIdea.id}`,
      section: r.sectionTitle,
      reason: r.reason,
      measured: r.score !== null,
    })),
    rankingMethod: RANKING_METHOD,
    signedIn: input.signedIn,
    signInHref: input.signInHref,
  };
}

export function guideVersionsPage(guide: GuideVersion, versions: GuideVersionSummary[]) {
  return {
    guideTitle: guide.title,
    guideHref: guideLinks.guide(guide.guideId),
    versions: versions.map((s, i) => {
      const previous = versions[i + 1];
      return {
        version: s.version,
        current: i === 0,
        status: statusLabel(s.status),
        published: longDate(s.published),
        changelog: s.changelog,
        href: guideLinks.version(s.guideId, s.version),
        compareHref: previous ? guideLinks.compare(s.guideId, previous.version, s.version) : null,
        previousVersion: previous?.version ?? null,
      };
    }),
  };
}
