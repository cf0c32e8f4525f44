/**
 * Test-at-scale proposals (issue 17 item 4; docs/proposals.md). A network's leads draft a
 * proposal, reviewers review it, leads run it and record its evaluation.
 *
 * Decided here and nowhere else, from the reader's capacities (./states.ts `capacitiesOf`):
 * - who may see a proposal (`mayRead`): anyone else is told it does not exist (NotFoundError, a
 *   404), whether or not it does, so ids cannot be guessed;
 * - who may move it (`mayTransition`), edit it and comment on it.
 * Every change is audited, recorded in the proposal's history, mailed through the outbox to the
 * network's leads and the reviewers, and recorded in the network's activity feed. Once those
 * rules allow it, a change also asks the policy for `own.change`, so a read-only API token makes
 * none (the operator at the command line passes, as an administrator would).
 */
import type { ActivityRecorder } from "../networks/activity.js";
import type { Notify } from "../networks/follows/types.js";
import { actorLabel, actorUserId, type Actor } from "../accounts/actor.js";
import type { Auditor, RequestOrigin } from "../accounts/audit.js";
import type { Outbox } from "../accounts/mail.js";
import { authorize, changingUser, requireUser } from "../accounts/policy.js";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../errors.js";
import type { InputProblem } from "../errors.js";
import { catalogue, directionSignOf, getMetric } from "../metrics/catalogue/index.js";
import {
  evaluate,
  seriesStart,
  type EvaluationSnapshot,
  type MeasureToEvaluate,
} from "./evaluation.js";
import { computeMde, reports, type MonthlySeries } from "./mde.js";
import type { ProposalStore } from "./store.js";
import {
  capacitiesOf,
  mayComment,
  mayEdit,
  mayRead,
  mayReview,
  mayTransition,
  PUBLIC_STATES,
  STATE_LABELS,
  TRANSITIONS,
  transitionsFor,
  type Capacities,
  type ProposalState,
  type Transition,
} from "./states.js";
import {
  MARKDOWN_MAX,
  MIN_BASELINE_MONTHS,
  monthsBetween,
  proposalInputSchema,
  type CommentRecord,
  type MdeRecord,
  type Proposal,
  type ProposalFields,
  type TransitionRecord,
} from "./types.js";

/** A change idea of a published guide, as the form lists them. */
export interface ChangeIdeaOption {
  guideId: string;
  guideTitle: string;
  changeIdeaId: string;
  title: string;
}

export interface ProposalServiceDeps {
  store: ProposalStore;
  /** Change ideas of the current published versions of every guide. */
  changeIdeas: () => Promise<ChangeIdeaOption[]>;
  /** An organisation's name, or null when no organisation has that ODS code. */
  organisationName: (orgCode: string) => Promise<string | null>;
  /** A network's name, or null when there is no such network. */
  networkName: (networkId: string) => Promise<string | null>;
  /** Monthly values of one measure for some organisations, from `from` to `to` (YYYY-MM). */
  monthlySeries: (
    metricId: string,
    orgCodes: readonly string[],
    from: string,
    to: string,
  ) => Promise<MonthlySeries>;
  /** The analytics' current data version (evaluations are kept per version). */
  dataVersion: () => Promise<string>;
  /** The analytics service's recommended peers of an organisation (codes, best first). */
  recommendedPeers: (orgCode: string) => Promise<string[]>;
  audit: Auditor;
  outbox: Outbox;
  activity: ActivityRecorder;
  /** Tells followers of the proposal's network (src/networks/follows); default: nobody. */
  notifyFollowers?: Notify;
  /** The site's address, for links in emails. */
  publicUrl: string;
  now: () => Date;
}

/** A proposal as one reader sees it, with what they may do. */
export interface ProposalView {
  proposal: Proposal;
  networkName: string;
  /** Names by ODS code of its participants and comparators. */
  orgNames: Record<string, string>;
  capacities: Capacities;
  actions: Transition[];
  canEdit: boolean;
  canComment: boolean;
  history: TransitionRecord[];
  comments: CommentRecord[];
  /**
   * Before approval, the minimum detectable effect on the data as they are now, when data have
   * been imported since it was saved (reviewers judge the design on today's data); else null.
   */
  currentMde: MdeRecord | null;
}

/** A proposal's evaluation as one reader sees it. */
export interface EvaluationView {
  view: ProposalView;
  evaluation: EvaluationSnapshot;
  /**
   * "recorded": the record kept when the lead recorded the evaluation (the proposal is evaluated
   * or closed); "live": computed now on the latest data, while it is approved or running.
   */
  kind: "recorded" | "live";
}

export interface MetricOption {
  metricId: string;
  title: string;
}

export interface ProposalService {
  /** Monthly catalogue measures (proposals' measures must be monthly) and published change ideas. */
  options(): Promise<{ metrics: MetricOption[]; changeIdeas: ChangeIdeaOption[] }>;
  /** Whether the reader may draft proposals for the network (its leads). */
  canDraft(actor: Actor, networkId: string): boolean;
  /** The network's proposals the reader may see, newest change first. */
  forNetwork(actor: Actor, networkId: string): Promise<Proposal[]>;
  /** Every proposal the reader may see (`mayRead`), in proposalId order. */
  visible(actor: Actor): Promise<Proposal[]>;
  /** Submitted and in-review proposals the reader may review (reviewers and administrators). */
  reviewQueue(actor: Actor): Promise<Proposal[]>;
  /**
   * Proposals whose title or aim hold the words of `text` (the site search), of those the
   * reader may see; newest change first, at most `limit`.
   */
  search(actor: Actor, text: string, limit: number): Promise<Proposal[]>;
  view(actor: Actor, proposalId: number): Promise<ProposalView>;
  /**
   * The proposal alone, if the reader may see it by the same rules as `view` (NotFoundError
   * otherwise, as for a guessed id): for other domains that show something about a proposal.
   */
  readable(actor: Actor, proposalId: number): Promise<Proposal>;
  /**
   * The evaluation on the data: live while approved or running, the record once evaluated;
   * NotFoundError for a proposal never approved, or closed without an evaluation.
   */
  evaluation(actor: Actor, proposalId: number): Promise<EvaluationView>;
  /** A proposal for the edit form (its leads, while a draft); NotFoundError otherwise. */
  forEditing(actor: Actor, proposalId: number): Promise<Proposal>;
  create(actor: Actor, networkId: string, input: unknown, origin?: RequestOrigin): Promise<number>;
  update(actor: Actor, proposalId: number, input: unknown, origin?: RequestOrigin): Promise<void>;
  transition(
    actor: Actor,
    proposalId: number,
    transition: string,
    reason: string,
    origin?: RequestOrigin,
  ): Promise<ProposalState>;
  comment(actor: Actor, proposalId: number, body: string, origin?: RequestOrigin): Promise<void>;
  /**
   * Comparators to suggest: the participants' recommended peers that do not take part, most
   * often recommended first (ties by code), with their names.
   */
  suggestComparators(
    participants: readonly string[],
    limit?: number,
  ): Promise<{ orgCode: string; name: string; recommendedBy: number }[]>;
}

const isMonthly = (metricId: string) => getMetric(metricId)?.frequency === "monthly";

/** The form's fields as people read them, for messages that name the field. */
const FIELD_NAMES: Record<string, string> = {
  title: "Title",
  aim: "Aim",
  approach: "Improvement approach",
  changeIdeas: "Change idea",
  participants: "Participating organisation",
  comparators: "Comparator",
  primaryMetricId: "Primary measure",
  balancingMetricIds: "Balancing measure",
  baselineStart: "Baseline's first month",
  baselineEnd: "Baseline's last month",
  plannedStart: "Planned start",
  followUpEnd: "End of follow-up",
  expectedEffect: "Expected effect",
  expectedDirection: "Expected direction",
  timeline: "Timeline",
  resources: "Resources",
  mde: "Minimum detectable effect",
  reason: "Reason",
  evaluation: "Evaluation",
  comment: "Comment",
  action: "Action",
};

/** A problem whose message names the field and the value given: `Comparator "RXX" takes part…`. */
const problem = (column: string, value: string, reason: string): InputProblem => ({
  column,
  value,
  reason: `${FIELD_NAMES[column] ?? column}${value ? ` "${value}"` : ""} ${reason}`,
});

function inputError(problems: InputProblem[]): InputError {
  return new InputError(
    `The proposal is not complete: ${problems.map((p) => p.reason).join("; ")}`,
    problems,
  );
}

/**
 * How the proposal's history and comments name a person: their display name (pages show it to
 * every reader once a proposal is approved; the audit log keeps the email address).
 */
const nameOf = (actor: Actor) => (actor.kind === "user" ? actor.displayName : actorLabel(actor));

const asText = (v: unknown) =>
  Array.isArray(v) ? v.map(String).join(", ") : v === undefined || v === null ? "" : String(v);

/** The months' order: a baseline of at least a year, before the start, before the follow-up's end. */
function monthProblems(
  baselineStart: string | null,
  baselineEnd: string | null,
  plannedStart: string | null,
  followUpEnd: string | null,
): InputProblem[] {
  const problems: InputProblem[] = [];
  if (baselineStart && baselineEnd) {
    const months = monthsBetween(baselineStart, baselineEnd).length;
    if (months < MIN_BASELINE_MONTHS)
      problems.push(
        problem(
          "baselineEnd",
          baselineEnd,
          `must be at least ${MIN_BASELINE_MONTHS} months after the baseline start ${baselineStart} (the baseline has ${months})`,
        ),
      );
  }
  if (baselineEnd && plannedStart && plannedStart <= baselineEnd)
    problems.push(
      problem("plannedStart", plannedStart, `must be after the baseline's end ${baselineEnd}`),
    );
  if (plannedStart && followUpEnd && followUpEnd <= plannedStart)
    problems.push(
      problem("followUpEnd", followUpEnd, `must be after the planned start ${plannedStart}`),
    );
  return problems;
}

/**
 * A computation shared per key (proposal × data version) while in flight and after, the newest
 * 100 kept; a failure is forgotten so the next reader tries again.
 */
function perDataVersion<T>(): (key: string, compute: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key, compute) => {
    let pending = kept.get(key);
    if (!pending) {
      if (kept.size >= 100) kept.delete(kept.keys().next().value!);
      pending = compute();
      kept.set(key, pending);
      pending.catch(() => kept.delete(key));
    }
    return pending;
  };
}

export function createProposalService(deps: ProposalServiceDeps): ProposalService {
  const { store } = deps;
  const link = (proposalId: number) => `/proposals/${proposalId}`;

  /** The proposal if the reader may see it, or NotFoundError (also for a guessed id). */
  async function visible(actor: Actor, proposalId: number) {
    const proposal = Number.isSafeInteger(proposalId) ? await store.byId(proposalId) : null;
    const capacities = proposal ? capacitiesOf(actor, proposal.networkId) : null;
    if (!proposal || !capacities || !mayRead(proposal.state, capacities))
      throw new NotFoundError(`There is no proposal ${proposalId}.`);
    return { proposal, capacities };
  }

  /** The form checked: every problem, each naming its field and value; nothing is saved. */
  async function check(input: unknown): Promise<{ fields: ProposalFields; series: MonthlySeries }> {
    const parsed = proposalInputSchema.safeParse(input);
    const raw = (typeof input === "object" && input !== null ? input : {}) as Record<
      string,
      unknown
    >;
    const problems: InputProblem[] = [];
    if (!parsed.success)
      for (const i of parsed.error.issues) {
        const field = String(i.path[0] ?? "form");
        problems.push(problem(field, asText(raw[field]).slice(0, 100), i.message));
      }
    // The months' order is checked even when other fields are wrong, so every problem with the
    // form is reported at once.
    const month = (name: string) => {
      const v = typeof raw[name] === "string" ? (raw[name] as string).trim() : "";
      return /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? v : null;
    };
    problems.push(
      ...monthProblems(
        month("baselineStart"),
        month("baselineEnd"),
        month("plannedStart"),
        month("followUpEnd"),
      ),
    );
    if (!parsed.success) throw inputError(problems);
    const f = parsed.data;
    for (const [field, codes] of [
      ["participants", f.participants],
      ["comparators", f.comparators],
    ] as const)
      for (const code of codes)
        if ((await deps.organisationName(code)) === null)
          problems.push(problem(field, code, "is not the ODS code of an organisation we know"));
    for (const code of f.comparators)
      if (f.participants.includes(code))
        problems.push(problem("comparators", code, "takes part, so cannot also be a comparator"));
    const ideas = new Set((await deps.changeIdeas()).map((c) => `${c.guideId}/${c.changeIdeaId}`));
    for (const idea of f.changeIdeas)
      if (!ideas.has(idea))
        problems.push(
          problem(
            "changeIdeas",
            idea,
            "is not a change idea of a published guide's current version",
          ),
        );
    if (!isMonthly(f.primaryMetricId))
      problems.push(
        problem("primaryMetricId", f.primaryMetricId, "is not a monthly measure of the catalogue"),
      );
    for (const id of f.balancingMetricIds) {
      if (!isMonthly(id))
        problems.push(
          problem("balancingMetricIds", id, "is not a monthly measure of the catalogue"),
        );
      else if (id === f.primaryMetricId)
        problems.push(problem("balancingMetricIds", id, "is already the primary measure"));
    }
    if (problems.length > 0) throw inputError(problems);
    const series = await deps.monthlySeries(
      f.primaryMetricId,
      [...f.participants, ...f.comparators],
      f.baselineStart,
      f.baselineEnd,
    );
    for (const code of f.participants)
      if (!reports(series, code))
        problems.push(
          problem(
            "participants",
            code,
            `reports no ${f.primaryMetricId} value between ${f.baselineStart} and ${f.baselineEnd}`,
          ),
        );
    for (const id of f.balancingMetricIds) {
      const balancing = await deps.monthlySeries(
        id,
        f.participants,
        f.baselineStart,
        f.baselineEnd,
      );
      if (!f.participants.some((c) => reports(balancing, c)))
        problems.push(
          problem(
            "balancingMetricIds",
            id,
            "is reported by none of the participants in the baseline",
          ),
        );
    }
    if (problems.length > 0) throw inputError(problems);
    return { fields: f, series };
  }

  /**
   * Live evaluations, one per proposal and data version: the bootstrap is cheap but not free,
   * and every reader of a running proposal would otherwise repeat it. Its fields cannot change
   * once approved, so the data version is the only thing that moves it.
   */
  const live = perDataVersion<EvaluationSnapshot>();
  async function evaluateNow(proposal: Proposal): Promise<EvaluationSnapshot> {
    const dataVersion = await deps.dataVersion();
    return live(`${proposal.proposalId}|${dataVersion}`, () =>
      computeEvaluation(proposal, dataVersion),
    );
  }

  async function computeEvaluation(
    proposal: Proposal,
    dataVersion: string,
  ): Promise<EvaluationSnapshot> {
    const from = seriesStart(proposal);
    const codes = [...proposal.participants, ...proposal.comparators];
    const measures: MeasureToEvaluate[] = [];
    for (const [metricId, role] of [
      [proposal.primaryMetricId, "primary"],
      ...proposal.balancingMetricIds.map((id) => [id, "balancing"] as const),
    ] as const) {
      const def = getMetric(metricId);
      if (!def) continue;
      const sign = directionSignOf(def);
      measures.push({
        metricId,
        role,
        better: sign > 0 ? "increase" : sign < 0 ? "decrease" : "neither",
        series: await deps.monthlySeries(metricId, codes, from, proposal.followUpEnd),
      });
    }
    return evaluate(proposal, measures, dataVersion, deps.now());
  }

  /** The MDE recomputed on the current data, one computation per proposal and data version. */
  const currentMdes = perDataVersion<MdeRecord>();
  async function currentMde(proposal: Proposal): Promise<MdeRecord | null> {
    if (!["draft", "submitted", "in_review"].includes(proposal.state)) return null;
    const key = `${proposal.proposalId}|${proposal.updatedAt.getTime()}|${await deps.dataVersion()}`;
    const now = await currentMdes(key, async () =>
      computeMde(
        await deps.monthlySeries(
          proposal.primaryMetricId,
          [...proposal.participants, ...proposal.comparators],
          proposal.baselineStart,
          proposal.baselineEnd,
        ),
        proposal.participants,
        proposal.comparators,
        deps.now(),
      ),
    );
    const same = (a: number | null, b: number | null) =>
      a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));
    return same(now.mde, proposal.mde?.mde ?? null) ? null : now;
  }

  async function notify(proposal: Proposal, subject: string, text: string): Promise<void> {
    const url = `${deps.publicUrl.replace(/\/$/, "")}${link(proposal.proposalId)}`;
    for (const to of await store.recipients(proposal.networkId))
      await deps.outbox.enqueue({
        kind: "notification",
        to,
        subject,
        text: [text, "", "See the proposal:", url].join("\n"),
      });
  }

  return {
    async options() {
      return {
        metrics: catalogue
          .filter((m) => m.frequency === "monthly")
          .map((m) => ({ metricId: m.id, title: m.title }))
          .sort((a, b) => a.title.localeCompare(b.title)),
        changeIdeas: await deps.changeIdeas(),
      };
    },

    canDraft(actor, networkId) {
      return capacitiesOf(actor, networkId).lead;
    },

    async forNetwork(actor, networkId) {
      if ((await deps.networkName(networkId)) === null)
        throw new NotFoundError(`There is no network "${networkId}".`);
      const c = capacitiesOf(actor, networkId);
      return (await store.list({ networkId })).filter((p) => mayRead(p.state, c));
    },

    async visible(actor) {
      return (await store.list({}))
        .filter((p) => mayRead(p.state, capacitiesOf(actor, p.networkId)))
        .sort((a, b) => a.proposalId - b.proposalId);
    },

    async reviewQueue(actor) {
      const user = requireUser(actor);
      const c = capacitiesOf(user, "");
      if (!c.reviewer && !c.admin) throw new NotFoundError("There is no such page.");
      return (await store.list({ states: ["submitted", "in_review"] })).filter((p) =>
        mayReview(capacitiesOf(user, p.networkId)),
      );
    },

    async search(actor, text, limit) {
      if (!text.trim()) return [];
      // Every match, then the reader's: proposals are few (a handful per network), and a limit
      // before the check could leave out readable ones behind unreadable ones.
      const matches = await store.list({ text });
      return matches
        .filter((p) => mayRead(p.state, capacitiesOf(actor, p.networkId)))
        .slice(0, limit);
    },

    async readable(actor, proposalId) {
      return (await visible(actor, proposalId)).proposal;
    },

    async view(actor, proposalId) {
      const { proposal, capacities } = await visible(actor, proposalId);
      const orgNames: Record<string, string> = {};
      for (const code of [...proposal.participants, ...proposal.comparators])
        orgNames[code] = (await deps.organisationName(code)) ?? code;
      return {
        proposal,
        networkName: (await deps.networkName(proposal.networkId)) ?? proposal.networkId,
        orgNames,
        capacities,
        actions: transitionsFor(proposal.state, capacities),
        canEdit: mayEdit(proposal.state, capacities),
        canComment: mayComment(proposal.state, capacities),
        history: await store.transitions(proposalId),
        comments: await store.comments(proposalId),
        currentMde: await currentMde(proposal),
      };
    },

    async evaluation(actor, proposalId) {
      const view = await this.view(actor, proposalId);
      const { proposal } = view;
      if (proposal.evaluationSnapshot)
        return { view, evaluation: proposal.evaluationSnapshot, kind: "recorded" };
      if (proposal.state !== "approved" && proposal.state !== "running")
        throw new NotFoundError(`Proposal ${proposalId} has no evaluation.`);
      return { view, evaluation: await evaluateNow(proposal), kind: "live" };
    },

    async forEditing(actor, proposalId) {
      const { proposal, capacities } = await visible(actor, proposalId);
      if (!mayEdit(proposal.state, capacities))
        throw new NotFoundError(`Proposal ${proposalId} cannot be edited now.`);
      return proposal;
    },

    async create(actor, networkId, input, origin) {
      const user = changingUser(actor);
      const networkName = await deps.networkName(networkId);
      if (networkName === null) throw new NotFoundError(`There is no network "${networkId}".`);
      if (!capacitiesOf(user, networkId).lead)
        throw new ForbiddenError("Only the network's leads draft its proposals.");
      const { fields, series } = await check(input);
      const now = deps.now();
      const mde = computeMde(series, fields.participants, fields.comparators, now);
      const proposalId = await store.insert(
        networkId,
        fields,
        mde,
        { userId: user.userId, label: nameOf(user) },
        now,
      );
      await deps.audit(
        user,
        {
          action: "proposal.created",
          target: { kind: "proposal", ref: String(proposalId) },
          networkId,
          details: { title: fields.title },
        },
        origin,
      );
      await deps.activity.record({
        networkId,
        kind: "proposal.drafted",
        summary: `${user.displayName} started drafting a proposal: ${fields.title}.`,
        href: link(proposalId),
        actorUserId: user.userId,
        visibility: "network",
      });
      return proposalId;
    },

    async update(actor, proposalId, input, origin) {
      const { proposal, capacities } = await visible(actor, proposalId);
      if (!mayEdit(proposal.state, capacities))
        throw new ConflictError(
          `Proposal ${proposalId} is ${STATE_LABELS[proposal.state].toLowerCase()}: only its network's leads edit it, and only while it is a draft.`,
        );
      authorize(actor, "own.change");
      const { fields, series } = await check(input);
      const now = deps.now();
      const mde = computeMde(series, fields.participants, fields.comparators, now);
      if (!(await store.update(proposalId, fields, mde, now)))
        throw new ConflictError(`Proposal ${proposalId} is no longer a draft.`);
      await deps.audit(
        actor,
        {
          action: "proposal.edited",
          target: { kind: "proposal", ref: String(proposalId) },
          networkId: proposal.networkId,
        },
        origin,
      );
    },

    async transition(actor, proposalId, name, reasonText, origin) {
      const { proposal, capacities } = await visible(actor, proposalId);
      if (!(name in TRANSITIONS))
        throw new InputError(`There is no action "${name}".`, [
          problem("action", name, "is not an action on a proposal"),
        ]);
      const transition = name as Transition;
      const t = TRANSITIONS[transition];
      if (!mayTransition(proposal.state, transition, capacities))
        throw new ForbiddenError(
          `You may not ${t.label.toLowerCase()} this proposal while it is ${STATE_LABELS[proposal.state].toLowerCase()}.`,
        );
      authorize(actor, "own.change");
      const reason = reasonText.trim();
      const field = transition === "evaluate" ? "evaluation" : "reason";
      if (t.needsReason && reason === "")
        throw new InputError("A reason is required.", [
          problem(
            field,
            "",
            transition === "evaluate"
              ? "is required: what happened to the measures, and what you concluded"
              : transition === "decline"
                ? "is required: say why the proposal is declined"
                : "is required: say what must change",
          ),
        ]);
      if (reason.length > (transition === "evaluate" ? MARKDOWN_MAX : 4000))
        throw new InputError("The text is too long.", [
          problem(field, reason.slice(0, 40), "is too long"),
        ]);
      if (transition === "submit") {
        const missing: InputProblem[] = [];
        if (proposal.comparators.length === 0)
          missing.push(
            problem(
              "comparators",
              "",
              "is needed before submitting: name at least one on the edit page",
            ),
          );
        if (proposal.mde?.mde === null || proposal.mde === null)
          missing.push(
            problem(
              "mde",
              "",
              "could not be computed from the baseline: check the participants and comparators report the primary measure",
            ),
          );
        if (missing.length > 0) throw inputError(missing);
      }
      const now = deps.now();
      const by = { userId: actorUserId(actor), label: nameOf(actor) };
      // The record keeps the numbers as they stood when the lead concluded, with their data
      // version, so later imports do not rewrite what was concluded.
      const record =
        transition === "evaluate"
          ? {
              text: reason,
              snapshot: await computeEvaluation(proposal, await deps.dataVersion()),
            }
          : undefined;
      const moved = await store.transition(
        proposalId,
        proposal.state,
        t.to,
        by,
        transition === "evaluate" ? "" : reason,
        now,
        record,
      );
      if (!moved) throw new ConflictError(`Proposal ${proposalId} changed meanwhile; look again.`);
      await deps.audit(
        actor,
        {
          action: `proposal.${transition}`,
          target: { kind: "proposal", ref: String(proposalId) },
          networkId: proposal.networkId,
          details: { from: proposal.state, to: t.to, ...(reason ? { reason } : {}) },
        },
        origin,
      );
      const who = nameOf(actor);
      const sentence = `${who} moved the proposal "${proposal.title}" from ${STATE_LABELS[proposal.state].toLowerCase()} to ${STATE_LABELS[t.to].toLowerCase()}.`;
      await notify(
        proposal,
        `Proposal ${proposalId}: ${STATE_LABELS[t.to].toLowerCase()}`,
        reason && transition !== "evaluate" ? `${sentence}\n\nReasons:\n${reason}` : sentence,
      );
      await deps.activity.record({
        networkId: proposal.networkId,
        kind: `proposal.${t.to}`,
        summary: sentence,
        href: link(proposalId),
        actorUserId: actorUserId(actor),
        visibility: PUBLIC_STATES.includes(t.to) ? "public" : "network",
      });
      await deps.notifyFollowers?.({
        kind: `proposal.${t.to}`,
        networkId: proposal.networkId,
        topic: null,
        summary: sentence,
        href: link(proposalId),
        mayRead: (reader) => mayRead(t.to, capacitiesOf(reader, proposal.networkId)),
      });
      return t.to;
    },

    async comment(actor, proposalId, body, origin) {
      const { proposal, capacities } = await visible(actor, proposalId);
      if (!mayComment(proposal.state, capacities))
        throw new ForbiddenError("You may not comment on this proposal now.");
      authorize(actor, "own.change");
      const text = body.trim();
      if (text === "" || text.length > 4000)
        throw new InputError("The comment is empty or too long.", [
          problem("comment", text.slice(0, 40), "must be between 1 and 4000 characters"),
        ]);
      await store.addComment(
        proposalId,
        { userId: actorUserId(actor), label: nameOf(actor) },
        text,
        deps.now(),
      );
      await deps.audit(
        actor,
        {
          action: "proposal.commented",
          target: { kind: "proposal", ref: String(proposalId) },
          networkId: proposal.networkId,
        },
        origin,
      );
      const who = nameOf(actor);
      await notify(
        proposal,
        `Proposal ${proposalId}: a new comment`,
        `${who} commented on the proposal "${proposal.title}":\n\n${text}`,
      );
    },

    async suggestComparators(participants, limit = 10) {
      const counts = new Map<string, number>();
      for (const code of participants) {
        const peers = await deps.recommendedPeers(code).catch(() => []);
        for (const peer of peers)
          if (!participants.includes(peer)) counts.set(peer, (counts.get(peer) ?? 0) + 1);
      }
      const ranked = [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, limit);
      return Promise.all(
        ranked.map(async ([orgCode, recommendedBy]) => ({
          orgCode,
          name: (await deps.organisationName(orgCode)) ?? orgCode,
          recommendedBy,
        })),
      );
    },
  };
}
