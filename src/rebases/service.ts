/**
 * Rebase decisions (issue 17 item 6; docs/spc.md "Rebase decisions").
 *
 * Who may do what, decided here and nowhere else:
 * - an organisation's analysts (`organisation.manage_data`; national administrators pass it too)
 *   record a decision for one of its metrics, and withdraw one with a reason;
 * - everyone reads an organisation's decisions (period, reason, change idea or proposal, dates):
 *   they explain the organisation's public charts, so they are public too;
 * - the names of who recorded and withdrew them are shown only to readers of the organisation's
 *   private pages (`organisation.read_private`).
 * Refusals: a reader not signed in is asked to sign in; a signed-in person without the role is
 * told they may not (403: the organisation and its charts are public, nothing is hidden by
 * saying so), and the attempt is written to the audit log with the outcome `denied` (as
 * administration does: src/accounts/guard.ts); a decision of another organisation, or an unknown
 * id, is not found (404). A metric without SPC (a category NHS England assigns: an Oversight
 * Framework score, segment or flag) has no limits to start again, so it takes no decision.
 *
 * The service only records: the analytics apply current decisions through their own store port
 * (the table moves the data version), and a suggested step change is never applied by itself.
 */
import { z } from "zod";
import type { Actor } from "../accounts/actor.js";
import { actorUserId } from "../accounts/actor.js";
import type { Auditor, RequestOrigin } from "../accounts/audit.js";
import { guard } from "../accounts/guard.js";
import { authorize, can } from "../accounts/policy.js";
import { InputError, NotFoundError } from "../errors.js";
import { getMetric } from "../metrics/catalogue/index.js";
import type { InputProblem } from "../errors.js";
import type { RebaseStore } from "./store.js";
import { REASON_MAX, type ChangeIdeaRef, type RebaseDecision, type RecordInput } from "./types.js";

export interface RebaseServiceDeps {
  store: RebaseStore;
  /**
   * The periods (YYYY-MM-DD, ascending) with a value in the organisation's series of the metric,
   * as its metric page charts it; NotFoundError for an unknown organisation or metric.
   */
  periodsWithData: (orgCode: string, metricId: string) => Promise<readonly string[]>;
  /** Whether a published guide has that change idea. */
  changeIdeaExists: (ref: ChangeIdeaRef) => Promise<boolean>;
  audit: Auditor;
}

export interface RebaseService {
  /** Whether the actor may record and withdraw the organisation's decisions. */
  canManage(actor: Actor, orgCode: string): boolean;
  /** `canManage`, or throw: SignInRequiredError for a reader not signed in, else ForbiddenError. */
  checkManage(actor: Actor, orgCode: string): void;
  /**
   * InputError naming the metric when it has no SPC limits to start again (a category), so no
   * decision can be recorded for it; nothing for any other metric (unknown ones included: the
   * analytics answer those with NotFoundError).
   */
  checkMetric(metricId: string): void;
  /** Whether the actor sees who recorded and withdrew the organisation's decisions. */
  showsNames(actor: Actor, orgCode: string): boolean;
  /** The organisation's decisions (of one metric, or all), current and withdrawn, newest first. */
  list(actor: Actor, orgCode: string, metricId?: string): Promise<RebaseDecision[]>;
  /** Records a decision. InputError naming the field; nothing changes on any refusal. */
  record(actor: Actor, input: RecordInput, origin?: RequestOrigin): Promise<RebaseDecision>;
  /** Withdraws a current decision of the organisation, with a reason. */
  withdraw(
    actor: Actor,
    orgCode: string,
    decisionId: number,
    reason: string,
    origin?: RequestOrigin,
  ): Promise<RebaseDecision>;
}

const slug = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const reasonSchema = z
  .string()
  .trim()
  .min(1, "Enter the reason: the change to the process that explains the shift")
  .max(REASON_MAX, `The reason must be ${REASON_MAX} characters or fewer`);
const periodSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the period the new limits start from");
const changeIdeaSchema = z
  .string()
  .trim()
  .transform((text, ctx): ChangeIdeaRef | null => {
    if (text === "") return null;
    const [guideId, changeIdeaId, ...rest] = text.split("/");
    if (
      rest.length > 0 ||
      !guideId ||
      !changeIdeaId ||
      !slug.test(guideId) ||
      !slug.test(changeIdeaId)
    ) {
      ctx.addIssue({ code: "custom", message: "Choose a change idea from the list" });
      return z.NEVER;
    }
    return { guideId, changeIdeaId };
  });
const proposalSchema = z
  .string()
  .trim()
  .transform((text, ctx): number | null => {
    if (text === "") return null;
    const n = /^[1-9]\d{0,12}$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n)) {
      ctx.addIssue({ code: "custom", message: "A proposal number is a whole number, such as 12" });
      return z.NEVER;
    }
    return n;
  });

/** The first failure of a field as an InputError naming the field and the value given. */
function parseField<T>(schema: z.ZodType<T>, field: string, value: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const problem: InputProblem = {
    column: field,
    value: value.slice(0, 80),
    reason: r.error.issues[0]?.message ?? "is not valid",
  };
  throw new InputError(`${field}: ${problem.reason}`, [problem]);
}

const fieldError = (field: string, value: string, reason: string) =>
  new InputError(`${field}: ${reason}`, [{ column: field, value: value.slice(0, 80), reason }]);

/** The decision as the reader may see it: names only for the organisation's own people. */
function forReader(d: RebaseDecision, names: boolean): RebaseDecision {
  if (names) return d;
  return {
    ...d,
    recordedBy: null,
    withdrawal: d.withdrawal ? { ...d.withdrawal, by: null } : null,
  };
}

/** The refusal of a metric that has no SPC: a category is stated as published, never charted. */
function checkMetric(metricId: string): void {
  const def = getMetric(metricId);
  if (!def?.category) return;
  throw fieldError(
    "metricId",
    metricId,
    `${def.title} (${metricId}) is a ${def.category.kind} NHS England assigns, not a measurement: it has no SPC chart or limits, so no rebase decision can be recorded for it`,
  );
}

const nameOf = (actor: Actor): string =>
  actor.kind === "user"
    ? actor.displayName
    : actor.kind === "operator"
      ? `operator ${actor.label}`
      : "anonymous";

export function createRebaseService(deps: RebaseServiceDeps): RebaseService {
  const { store } = deps;
  const organisation = (orgCode: string) => ({ kind: "organisation" as const, orgCode });
  const names = (actor: Actor, orgCode: string) =>
    can(actor, "organisation.read_private", organisation(orgCode));

  return {
    canManage: (actor, orgCode) => can(actor, "organisation.manage_data", organisation(orgCode)),
    checkManage: (actor, orgCode) =>
      authorize(actor, "organisation.manage_data", organisation(orgCode)),
    checkMetric,
    showsNames: names,

    async list(actor, orgCode, metricId) {
      const shown = names(actor, orgCode);
      return (await store.list(orgCode, metricId)).map((d) => forReader(d, shown));
    },

    async record(actor, input, origin) {
      await guard(
        deps.audit,
        actor,
        "organisation.manage_data",
        organisation(input.orgCode),
        {
          action: "rebase.record",
          orgCode: input.orgCode,
          details: { metricId: input.metricId, period: input.period.slice(0, 80) },
        },
        origin,
      );
      checkMetric(input.metricId);
      const reason = parseField(reasonSchema, "reason", input.reason);
      const period = parseField(periodSchema, "period", input.period);
      const changeIdea = parseField(changeIdeaSchema, "changeIdea", input.changeIdea ?? "");
      const proposalId = parseField(proposalSchema, "proposalId", input.proposalId ?? "");
      const periods = await deps.periodsWithData(input.orgCode, input.metricId);
      const at = periods.indexOf(period);
      if (at < 0)
        throw fieldError(
          "period",
          period,
          "Choose a period with a value in this organisation's data",
        );
      if (at === 0)
        throw fieldError(
          "period",
          period,
          "New limits cannot start at the first value: there is no earlier process to break from",
        );
      if (changeIdea && !(await deps.changeIdeaExists(changeIdea)))
        throw fieldError(
          "changeIdea",
          `${changeIdea.guideId}/${changeIdea.changeIdeaId}`,
          "No published guide has this change idea",
        );
      const decision = await store.insert({
        orgCode: input.orgCode,
        metricId: input.metricId,
        period,
        reason,
        changeIdea,
        proposalId,
        recordedByUserId: actorUserId(actor),
        recordedBy: nameOf(actor),
      });
      if (!decision)
        throw fieldError(
          "period",
          period,
          "A current decision already starts new limits at this period: withdraw it first",
        );
      await deps.audit(
        actor,
        {
          action: "rebase.record",
          target: { kind: "rebase_decision", ref: String(decision.decisionId) },
          orgCode: decision.orgCode,
          details: {
            metricId: decision.metricId,
            period,
            reason,
            changeIdea,
            proposalId,
          },
        },
        origin,
      );
      return decision;
    },

    async withdraw(actor, orgCode, decisionId, reasonText, origin) {
      await guard(
        deps.audit,
        actor,
        "organisation.manage_data",
        organisation(orgCode),
        {
          action: "rebase.withdraw",
          target: { kind: "rebase_decision", ref: String(decisionId) },
          orgCode,
        },
        origin,
      );
      const existing = await store.decision(decisionId);
      if (!existing || existing.orgCode !== orgCode)
        throw new NotFoundError("There is no such rebase decision.");
      const reason = parseField(reasonSchema, "reason", reasonText);
      if (existing.withdrawal)
        throw fieldError("reason", reasonText, "This decision has already been withdrawn");
      const withdrawn = await store.withdraw(
        decisionId,
        { userId: actorUserId(actor), name: nameOf(actor) },
        reason,
      );
      if (!withdrawn)
        throw fieldError("reason", reasonText, "This decision has already been withdrawn");
      await deps.audit(
        actor,
        {
          action: "rebase.withdraw",
          target: { kind: "rebase_decision", ref: String(decisionId) },
          orgCode,
          details: { metricId: existing.metricId, period: existing.period, reason },
        },
        origin,
      );
      return withdrawn;
    },
  };
}
