/**
 * The API's shared schemas: what responses hold, in zod, registered under a component name so
 * the OpenAPI document refers to them (`#/components/schemas/Organisation`). The same schemas
 * check every response in the contract tests (test/web/api/contract.test.ts).
 */
import { z } from "zod";
import {
  careSettings,
  changelogEntrySchema,
  guideVersionSchema,
  measureRoles,
  versionStatuses,
} from "../../guides/types.js";
import { metricDefinitionSchema } from "../../metrics/catalogue/types.js";
import { evidenceVerdicts, postKinds, postVisibilities } from "../../networks/learning/types.js";
import { STATES } from "../../proposals/states.js";
import { acuteSubtypes, kindSources, orgKinds } from "../../metrics/organisations.js";
import { CHART_TYPES } from "../../stats/spc/charts/chartDefinition.js";
import { POINT_TYPES, SPECIAL_CAUSE_KINDS } from "../../stats/spc/codes.js";

/** Named schemas: each becomes `components.schemas[id]` and is referred to by `$ref`. */
export const components = z.registry<{ id: string; description?: string }>();

export function component<T extends z.ZodType>(id: string, description: string, schema: T): T {
  components.add(schema, { id, description });
  return schema;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const nullableNumber = z.number().nullable();

// Referred to by every error response of the document (./openapi.ts).
component(
  "Error",
  'Every error: `code` a stable word ("bad_request", "not_found", "rate_limited"…), `message` a sentence, `details` (for bad_request) the parameters refused.',
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z
        .array(
          z.object({ parameter: z.string(), value: z.string().nullable(), message: z.string() }),
        )
        .optional(),
    }),
  }),
);

export const organisationSchema = component(
  "Organisation",
  "An organisation as the registry (ODS) holds it.",
  z.object({
    orgCode: z.string().describe("ODS code, e.g. RXX."),
    name: z.string(),
    kind: z.enum(orgKinds),
    subtype: z.enum(acuteSubtypes).nullable(),
    kindSource: z.enum(kindSources),
    regionCode: z.string().nullable(),
    icbCode: z.string().nullable(),
    closeDate: isoDate.nullable().describe("Last day open; null while open."),
    successorCode: z.string().nullable(),
    synthetic: z.boolean().describe("Made up by the demo generator, not a real organisation."),
  }),
);

export const networkSchema = component(
  "Network",
  "A learning and improvement network: its public facts.",
  z.object({
    networkId: z.string(),
    name: z.string(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    footprint: z.enum(["region", "west_midlands", "east_midlands"]),
    focus: z.enum(["uec", "elective", "both"]),
    memberCount: z.number().int(),
    trustCount: z.number().int(),
  }),
);

export const networkDetailSchema = component(
  "NetworkDetail",
  "A network with its active members.",
  networkSchema.extend({
    members: z.array(z.object({ orgCode: z.string(), name: z.string(), kind: z.enum(orgKinds) })),
  }),
);

/**
 * What a peer group is: built in (England, a region, an ICB, a provider kind, a network), stored
 * and predefined (`acute`, `region-Y56`, `icb-QMF`, `network-<id>`), a trust's NHS Trust Peer
 * Finder group (`peer-finder-<ORG>`), or custom.
 */
export const peerGroupKinds = [
  "england",
  "region",
  "icb",
  "org_kind",
  "network",
  "predefined",
  "peer_finder",
  "custom",
] as const;

export const peerGroupSchema = component(
  "PeerGroup",
  "A group of organisations to compare with: built in, predefined, a Peer Finder group or a custom list.",
  z.object({
    peerGroupId: z.string().describe("Unique in the list: the group reference text."),
    kind: z.enum(peerGroupKinds),
    name: z.string(),
    groupRef: z
      .string()
      .describe("What `peerGroup` and `group` accept, e.g. geo-region:Y56, kind:acute_trust."),
  }),
);

export const metricSchema = component(
  "Metric",
  "A metric's definition from the catalogue: units, direction of improvement, source and targets.",
  metricDefinitionSchema.pick({
    id: true,
    title: true,
    shortTitle: true,
    definition: true,
    numerator: true,
    denominator: true,
    unit: true,
    ratePer: true,
    multiplier: true,
    decimals: true,
    improvementDirection: true,
    targets: true,
    source: true,
    frequency: true,
    topic: true,
    caveats: true,
    reportedBy: true,
  }),
);

export const valueSchema = component(
  "Value",
  "One organisation's value of one metric for one period, in the metric's display unit (a percentage as 0–100).",
  z.object({
    orgCode: z.string(),
    metricId: z.string(),
    period: isoDate.describe("The period's first day."),
    value: nullableNumber,
    numerator: nullableNumber,
    denominator: nullableNumber,
    smallCount: z.boolean().describe("Fewer than 10 events: the interval is wide."),
    dqFlags: z.array(z.string()).describe("Data-quality flags the publication gives."),
    source: z.string().describe("The publication source the value came from, as stored."),
  }),
);

const resolvedOptions = z.object({
  chart: z.enum(CHART_TYPES as [string, ...string[]]),
  improvementDirection: z.enum(["increase", "decrease", "neutral"]),
  target: nullableNumber,
  rebase: z.array(isoDate),
  fixAfterNPoints: z.number().int().nullable(),
  screenOutliers: z.boolean(),
  runLength: z.union([z.literal(6), z.literal(7)]),
  twoInThree: z.enum(["ptd", "mdc2023"]),
  trialLimitMinimum: z.number().int(),
});

const pointType = z.enum(POINT_TYPES as [string, ...string[]]);

const spcPoint = z.object({
  date: isoDate,
  value: nullableNumber.describe("The plotted value; null when missing."),
  numerator: nullableNumber,
  denominator: nullableNumber,
  trajectory: nullableNumber,
  target: nullableNumber,
  group: z.number().int().describe("Rebase group, 0-based in date order."),
  inBaseline: z.boolean().describe("Used to compute its group's limits."),
  mean: nullableNumber.describe("Centre line (the median for run and g charts)."),
  lpl: nullableNumber.describe("Lower process limit."),
  upl: nullableNumber.describe("Upper process limit."),
  nearLpl: nullableNumber.describe("Lower 2-sigma line."),
  nearUpl: nullableNumber.describe("Upper 2-sigma line."),
  outsideLimits: z.boolean().nullable(),
  closeToLimits: z.boolean().nullable(),
  relativeToMean: z.union([z.literal(-1), z.literal(0), z.literal(1)]).nullable(),
  specialCause: z
    .enum(SPECIAL_CAUSE_KINDS as [string, ...string[]])
    .describe("The special-cause rule the point meets (after precedence), or none."),
  specialCauseType: z.string().describe('NHSRplotthedots label, e.g. "7 Points Above CL".'),
  specialCauseFlag: z.boolean(),
  pointType,
});

const counts = z.object(
  Object.fromEntries(POINT_TYPES.map((t) => [t, z.number().int()])) as Record<string, z.ZodNumber>,
);

export const spcResultSchema = component(
  "SpcResult",
  "Statistical process control of one series: limits and special causes per point, per rebase group, and the Making Data Count variation and assurance icons.",
  z.object({
    chart: z.enum(CHART_TYPES as [string, ...string[]]),
    options: resolvedOptions.describe("Every option as applied, defaults filled in."),
    points: z.array(spcPoint),
    groups: z.array(
      z.object({
        group: z.number().int(),
        firstDate: isoDate,
        lastDate: isoDate,
        n: z.number().int(),
        nObserved: z.number().int(),
        baselineN: z.number().int(),
        mean: nullableNumber,
        lpl: nullableNumber,
        upl: nullableNumber,
        nearLpl: nullableNumber,
        nearUpl: nullableNumber,
        trialLimits: z.boolean(),
        counts,
        variationType: pointType,
      }),
    ),
    summary: z.object({
      n: z.number().int(),
      variationType: pointType,
      variationIcon: z.enum([
        "common_cause",
        "improvement_high",
        "improvement_low",
        "concern_high",
        "concern_low",
        "neutral_high",
        "neutral_low",
      ]),
      assuranceType: z.enum(["consistent_pass", "consistent_fail", "inconsistent"]).nullable(),
      assuranceIcon: z.enum(["pass", "fail", "inconsistent"]).nullable(),
      lastMean: nullableNumber,
      lastLpl: nullableNumber,
      lastUpl: nullableNumber,
      nSpecialCause: z.number().int(),
      shortGroupWarning: z.boolean(),
    }),
    warnings: z.array(
      z.object({
        code: z.enum([
          "trial_limits",
          "limits_undefined",
          "missing_values",
          "rebase_date_not_in_data",
          "no_data",
        ]),
        message: z.string(),
        group: z.number().int().optional(),
      }),
    ),
    suggestedRebasePoints: z.array(
      z.object({
        date: isoDate,
        lastDate: isoDate,
        group: z.number().int(),
        direction: z.enum(["above", "below"]),
        length: z.number().int(),
        reason: z.string(),
      }),
    ),
  }),
);

export const guideSummarySchema = component(
  "GuideSummary",
  "An improvement guide as listed: its newest published version's details.",
  z.object({
    guideId: z.string(),
    title: z.string(),
    topic: z.string(),
    summary: z.string(),
    owner: z.string(),
    careSettings: z.array(z.enum(careSettings)),
    currentVersion: z.string(),
    status: z.enum(versionStatuses),
    published: isoDate,
    versionCount: z.number().int(),
    changeIdeaCount: z.number().int(),
  }),
);

export const guideSchema = component(
  "Guide",
  "One published version of a guide in full: principles, change ideas with their evidence, and the catalogue metrics that track them.",
  guideVersionSchema,
);

export const guideVersionsSchema = component(
  "GuideVersions",
  "A guide's published versions, newest first.",
  z.object({
    data: z.array(
      z.object({
        guideId: z.string(),
        version: z.string(),
        title: z.string(),
        status: z.enum(versionStatuses),
        published: isoDate,
        changelog: z.array(changelogEntrySchema),
        measures: z
          .array(z.object({ metricId: z.string(), role: z.enum(measureRoles) }))
          .describe("The catalogue metrics the version tracks, with their role."),
      }),
    ),
  }),
);

export const learningPostSchema = component(
  "LearningPost",
  "A network's account of a change made at one organisation, the change ideas it tested and the platform's verdict on each measure since the change date (Making Data Count rules).",
  z.object({
    postId: z.number().int(),
    networkId: z.string(),
    status: z.enum(["draft", "published"]),
    visibility: z.enum(postVisibilities).describe('"network": its network\'s members only.'),
    kind: z.enum(postKinds),
    title: z.string(),
    body: z.string().describe("Markdown."),
    orgCode: z.string(),
    changeDate: isoDate,
    topic: z.string().nullable(),
    careSetting: z.string().nullable(),
    ideas: z.array(z.object({ guideId: z.string(), changeIdeaId: z.string() })),
    measures: z.array(
      z.object({
        metricId: z.string(),
        verdict: z
          .object({
            verdict: z.enum(evidenceVerdicts),
            reason: z.string(),
            pointsSince: z.number().int(),
            baselinePoints: z.number().int(),
            provisional: z.boolean(),
            computedAt: z.string(),
          })
          .nullable()
          .describe("Null until first computed."),
      }),
    ),
    publishedAt: z.string().nullable(),
    featured: z.boolean().describe("Featured nationally by NHS England."),
  }),
);

export const learningPostDetailSchema = component(
  "LearningPostDetail",
  "A learning post with its author's updates and the changes of its verdicts after imports.",
  learningPostSchema.extend({
    updates: z.array(z.object({ body: z.string(), createdAt: z.string() })),
    verdictChanges: z.array(
      z.object({
        metricId: z.string(),
        from: z.enum(evidenceVerdicts),
        to: z.enum(evidenceVerdicts),
        changedAt: z.string(),
      }),
    ),
  }),
);

export const proposalSchema = component(
  "Proposal",
  "A network's test-at-scale proposal: its aim, measures, participants and comparators, and the summary of its evaluation where one is recorded.",
  z.object({
    proposalId: z.number().int(),
    networkId: z.string(),
    title: z.string(),
    status: z.enum(STATES),
    aim: z.string(),
    changeIdeas: z.array(z.string()).describe("guideId/changeIdeaId each."),
    measures: z.object({
      primary: z.string().describe("The primary measure's metric id."),
      balancing: z.array(z.string()),
    }),
    participants: z.array(z.string()).describe("ODS codes of the organisations making the change."),
    comparators: z.array(z.string()).describe("ODS codes of the organisations compared with."),
    baseline: z.object({ from: z.string(), to: z.string() }).describe("Months, YYYY-MM."),
    plannedStart: z.string(),
    followUpEnd: z.string(),
    expectedEffect: z.number(),
    expectedDirection: z.enum(["increase", "decrease"]),
    updatedAt: z.string(),
    evaluation: z
      .object({
        computedAt: z.string(),
        dataVersion: z.string(),
        measures: z.array(
          z.object({
            metricId: z.string(),
            role: z.enum(["primary", "balancing"]),
            estimate: nullableNumber.describe("Difference in differences, in the measure's units."),
            lower: nullableNumber,
            upper: nullableNumber,
            level: z.number(),
            method: z.enum(["bootstrap", "randomisation"]),
            pValue: nullableNumber,
            significant: z.boolean(),
            followUpMonths: z.number().int().nullable(),
          }),
        ),
      })
      .nullable()
      .describe("The evaluation as recorded (evaluated or closed proposals); null otherwise."),
  }),
);

/** A page of a list: `{ data, next }`, registered as `<Item>Page`. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return component(
    `${id}Page`,
    `A page of ${id} items; \`next\` is the cursor of the next page, null on the last.`,
    z.object({ data: z.array(item), next: z.string().nullable() }),
  );
}
