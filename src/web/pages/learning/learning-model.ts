/**
 * What the learning pages show, in words: a post's summary line, its evidence (the
 * organisation's SPC chart of each measure with the change date marked, and the verdict), and
 * the feed's filter choices. Every verdict sentence names what it was computed on.
 */
import { CARE_SETTING_LABELS, type CareSetting } from "../../../guides/types.js";
import type { GuideVersion } from "../../../guides/types.js";
import { getMetric, topicTitle } from "../../../metrics/catalogue/index.js";
import type { MetricDetail } from "../../../metrics/service.js";
import { networks } from "../../../metrics/networks.js";
import {
  NO_EVIDENCE,
  VERDICT_LABELS,
  verdictSentence,
} from "../../../networks/learning/evidence.js";
import {
  POST_KIND_LABELS,
  evidenceVerdicts,
  type Post,
  type PostMeasure,
  type VerdictChange,
} from "../../../networks/learning/types.js";
import { figureHtml, spcChart } from "../../charts/index.js";
import { chartDownloads } from "../../exports/page-downloads.js";
import { longDate, metricFormat } from "../../present.js";
import { breakLabel, breakLabelsOf } from "../metric-detail/metric-detail-model.js";

export const networkName = (networkId: string) =>
  networks.find((n) => n.id === networkId)?.name ?? networkId;

export const metricTitle = (metricId: string) => getMetric(metricId)?.title ?? metricId;

export const careSettingLabel = (s: string | null) =>
  s === null ? null : (CARE_SETTING_LABELS[s as CareSetting] ?? s);

/** A tag colour per verdict (NHS.UK tag modifiers). */
const VERDICT_TAG: Record<string, string> = {
  improvement: "nhsuk-tag--green",
  no_change: "nhsuk-tag--grey",
  deterioration: "nhsuk-tag--red",
  mixed: "nhsuk-tag--orange",
  changed: "nhsuk-tag--blue",
  not_enough_data: "nhsuk-tag--white",
  none: "nhsuk-tag--grey",
};

/** The NHS.UK tag class of a verdict (also on proposals' evaluation pages). */
export const verdictTagClass = (verdict: string): string => VERDICT_TAG[verdict] ?? "";

/** The tags a post carries in lists: one per measure's verdict, or "No evidence linked". */
export function verdictTags(measures: readonly PostMeasure[]): { text: string; classes: string }[] {
  if (measures.length === 0) return [{ text: NO_EVIDENCE, classes: VERDICT_TAG.none! }];
  return measures.map((m) => ({
    text: `${metricTitle(m.metricId)}: ${m.verdict ? VERDICT_LABELS[m.verdict.verdict] : "Not judged yet"}`,
    classes: VERDICT_TAG[m.verdict?.verdict ?? "none"] ?? "",
  }));
}

/** A post as a feed or change idea block lists it. */
export function postSummary(p: Post) {
  return {
    href: `/learning/${p.postId}`,
    title: p.title,
    kind: POST_KIND_LABELS[p.kind],
    network: networkName(p.networkId),
    orgCode: p.orgCode,
    changeDate: longDate(p.changeDate),
    published: p.publishedAt ? longDate(p.publishedAt.toISOString().slice(0, 10)) : null,
    featured: p.featuredAt !== null,
    visibility: p.visibility === "public" ? "Public" : "Network members only",
    tags: verdictTags(p.measures),
  };
}

/** "Verdict changed on 3 March 2026 from No change yet to Improvement". */
export function changeSentence(c: VerdictChange): string {
  return `Verdict changed on ${longDate(c.changedAt.toISOString().slice(0, 10))} from ${VERDICT_LABELS[c.from]} to ${VERDICT_LABELS[c.to]}`;
}

/** A measure's SPC chart with the change marked (null without SPC), as the post shows it. */
export function evidenceChart(post: Post, detail: MetricDetail | null, index: number) {
  return detail?.spc != null
    ? spcChart(detail.spc, {
        id: `evidence-${index + 1}`,
        title: `${detail.metric.title}: ${detail.organisation.name}`,
        format: metricFormat(detail.metric),
        periodType: detail.metric.periodType,
        valueLabel: detail.metric.shortTitle,
        markers: [{ date: post.changeDate, label: `Change made (${longDate(post.changeDate)})` }],
        breakLabels: breakLabelsOf(detail),
      })
    : null;
}

/** One measure's evidence: chart with the change marked, the verdict and its latest change. */
export function evidenceOf(
  post: Post & { verdictChanges?: readonly VerdictChange[] },
  m: PostMeasure,
  detail: MetricDetail | null,
  index: number,
) {
  const changes = (post.verdictChanges ?? []).filter((c) => c.metricId === m.metricId);
  // Where the limits start again, and why, as the metric page says it (no recorder's name: a
  // post may be public).
  const breaks = detail?.spc != null ? detail.baseline.breaks : [];
  const chart = evidenceChart(post, detail, index);
  return {
    metricId: m.metricId,
    title: detail?.metric.title ?? metricTitle(m.metricId),
    href: `/org/${post.orgCode}/metric/${m.metricId}`,
    verdict: m.verdict ? verdictSentence(m.verdict) : "Not judged yet: the data are being read.",
    tag: verdictTags([m])[0]!,
    computed: m.verdict
      ? `Judged on the data as of ${longDate(m.verdict.computedAt.toISOString().slice(0, 10))}: ${m.verdict.baselinePoints} points before the change, ${m.verdict.pointsSince} since.`
      : null,
    changed: changes.length ? changeSentence(changes[changes.length - 1]!) : null,
    figure: chart
      ? figureHtml(chart, {
          headingLevel: 3,
          ...chartDownloads(`/learning/${post.postId}`, chart.id),
        })
      : null,
    breaks: detail ? breaks.map((b) => breakLabel(detail, b)) : [],
  };
}

/** The feed's filter choices, each with the chosen one selected. */
export function filterChoices(
  guides: readonly GuideVersion[],
  chosen: Record<string, string | undefined>,
) {
  const opt = (value: string, text: string, key: string) => ({
    value,
    text,
    selected: chosen[key] === value,
  });
  const any = (key: string) => ({ value: "", text: "Any", selected: !chosen[key] });
  return {
    network: [any("network"), ...networks.map((n) => opt(n.id, n.name, "network"))],
    topic: [
      any("topic"),
      ...[...new Set(guides.map((g) => g.topic))].map((t) => opt(t, topicTitle(t), "topic")),
    ],
    guide: [any("guide"), ...guides.map((g) => opt(g.guideId, g.title, "guide"))],
    idea: [
      any("idea"),
      ...guides.flatMap((g) =>
        g.sections.flatMap((s) =>
          s.changeIdeas.map((c) => opt(c.id, `${g.title}: ${c.title}`, "idea")),
        ),
      ),
    ],
    setting: [
      any("setting"),
      ...Object.entries(CARE_SETTING_LABELS).map(([v, t]) => opt(v, t, "setting")),
    ],
    verdict: [
      any("verdict"),
      ...evidenceVerdicts.map((v) => opt(v, VERDICT_LABELS[v], "verdict")),
      opt("none", NO_EVIDENCE, "verdict"),
    ],
    shared: [any("shared"), opt("yes", "Only posts a network lead shared", "shared")],
  };
}
