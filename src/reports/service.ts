/**
 * The reports service (issue 18, docs/reports.md): a subject's report definitions (ready-made
 * and saved), the data of a report's sections, and the analyst's commentary on each metric.
 *
 * Who may do what (src/accounts/policy.ts decides; this service asks it before every private
 * read and every write):
 * - anyone may read a subject's ready-made reports and figures (public data), except that a
 *   proposal is seen only by those the proposal service shows it to (else NotFoundError);
 * - saved definitions and commentary are read by the subject's own people:
 *   `organisation.read_private`, `network.read_workspace`, `region.read_reports`, and for a
 *   proposal `network.read_workspace` on its network;
 * - they are written by `organisation.manage_data`, `network.contribute`,
 *   `region.manage_reports`, and for a proposal `network.contribute` on its network. A read-only
 *   API token is refused every write by the policy itself.
 * Every write is audited (report.definition_saved, report.definition_deleted,
 * report.commentary_saved), and so is a signed-in person's refused attempt (outcome `denied`).
 */
import { z } from "zod";
import { actorLabel, actorUserId, type Actor } from "../accounts/actor.js";
import type { Auditor, AuditEvent, RequestOrigin } from "../accounts/audit.js";
import { guard } from "../accounts/guard.js";
import { authorize, can, type Action, type Resource } from "../accounts/policy.js";
import { InputError, NotFoundError, echoValue } from "../errors.js";
import { getMetric } from "../metrics/catalogue/index.js";
import type { Proposal } from "../proposals/types.js";
import { parseLayout } from "./definition.js";
import { createReportSources, type ReportSourceDeps } from "./sources.js";
import type { Author, ReportStore, StoredDefinition } from "./store.js";
import { subjectKey } from "./subject.js";
import type {
  Commentary,
  CommentaryView,
  ReportDefinition,
  ReportSectionData,
  ReportSubject,
  ReportSubjectKind,
  SubjectInfo,
} from "./types.js";

export interface ReportServiceDeps extends ReportSourceDeps {
  store: ReportStore;
  /**
   * The proposal if `actor` may see it by the proposal service's own read rules
   * (`ProposalService.readable`), else NotFoundError.
   */
  readableProposal(actor: Actor, proposalId: number): Promise<Proposal>;
  audit: Auditor;
  now: () => Date;
}

export interface ReportService {
  /** Whether the actor may save definitions and commentary for the subject. */
  canEdit(actor: Actor, subject: ReportSubject): Promise<boolean>;
  /** Whether the actor may read the subject's saved definitions and commentary. */
  canReadCommentary(actor: Actor, subject: ReportSubject): Promise<boolean>;
  /** The subject with its name; NotFoundError when it does not exist or the actor may not see it. */
  describe(actor: Actor, subject: ReportSubject): Promise<SubjectInfo>;
  /** Ready-made definitions first, then saved ones (for those who may read commentary). */
  definitions(actor: Actor, subject: ReportSubject): Promise<ReportDefinition[]>;
  /** One definition by its key (`topic-uec`, `r12`…); NotFoundError when there is none for the actor. */
  definition(actor: Actor, subject: ReportSubject, key: string): Promise<ReportDefinition>;
  /**
   * Saves a definition (`parseLayout` checks `input`): a new one without `key`, else replaces the
   * saved definition `key` (`r<id>`). InputError naming each problem; audited.
   */
  saveDefinition(
    actor: Actor,
    subject: ReportSubject,
    input: unknown,
    key?: string,
    origin?: RequestOrigin,
  ): Promise<ReportDefinition>;
  /** Deletes a saved definition (kept in the database, marked deleted); audited. */
  deleteDefinition(
    actor: Actor,
    subject: ReportSubject,
    key: string,
    origin?: RequestOrigin,
  ): Promise<void>;
  /** The definition's sections with their figures, for a subject the actor may see. */
  sections(
    actor: Actor,
    subject: ReportSubject,
    definition: Pick<ReportDefinition, "sections">,
  ): Promise<ReportSectionData[]>;
  /**
   * The commentary to show, keyed by metric id: for each wanted metric and period, the latest
   * version for that period, else the latest earlier period's commentary as a draft (its
   * `period` is the wanted one, `carriedFrom` the period it was written for). Metrics with no
   * commentary at or before the period are absent; an empty map for a reader who may not read
   * commentary.
   */
  commentary(
    actor: Actor,
    subject: ReportSubject,
    wanted: readonly { metricId: string; period: string }[],
  ): Promise<Map<string, CommentaryView>>;
  /** Every saved version of a metric's commentary, newest period and version first. */
  commentaryHistory(actor: Actor, subject: ReportSubject, metricId: string): Promise<Commentary[]>;
  /** Saves `{ metricId, period, text }` as the next version for that period; audited. */
  saveCommentary(
    actor: Actor,
    subject: ReportSubject,
    input: unknown,
    origin?: RequestOrigin,
  ): Promise<Commentary>;
}

/** A period as the metrics store them: the first day, YYYY-MM-DD, a real date. */
const periodSchema = z
  .string("must be a date written YYYY-MM-DD")
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD, e.g. 2025-04-01")
  .refine(
    (s) => new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s,
    "is not a date in the calendar",
  );

export const COMMENTARY_MAX = 4000;

const commentaryInputSchema = z.object({
  metricId: z
    .string("must be a metric id")
    .trim()
    .refine((id) => getMetric(id) !== undefined, "is not a catalogue metric"),
  period: periodSchema,
  text: z
    .string("must be text")
    .trim()
    .min(1, "must not be empty")
    .max(COMMENTARY_MAX, `must be at most ${COMMENTARY_MAX} characters`),
});

function commentaryInput(input: unknown) {
  const parsed = commentaryInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const field = i.path.map(String).join(".") || "commentary";
    const raw =
      input !== null && typeof input === "object" && i.path.length === 1
        ? (input as Record<string, unknown>)[String(i.path[0])]
        : undefined;
    const value = typeof raw === "string" ? echoValue(raw) : "";
    return { column: field, value, reason: `${field}${value ? ` "${value}"` : ""} ${i.message}` };
  });
  throw new InputError(
    `The commentary is not valid: ${problems.map((p) => p.reason).join("; ")}`,
    problems,
  );
}

/** A saved definition's key: `r` and its number. */
const SAVED_KEY = /^r([1-9][0-9]{0,9})$/;

function savedId(key: string): number | null {
  const m = SAVED_KEY.exec(key);
  return m ? Number(m[1]) : null;
}

function savedDefinition(subject: ReportSubject, d: StoredDefinition): ReportDefinition {
  return {
    key: `r${d.id}`,
    subject,
    title: d.title,
    description: d.description,
    origin: "saved",
    sections: d.sections,
    ...(d.savedBy !== null ? { savedBy: d.savedBy } : {}),
    savedAt: d.savedAt,
  };
}

const authorOf = (actor: Actor): Author => ({
  userId: actorUserId(actor),
  label: actorLabel(actor),
});

export function createReportService(deps: ReportServiceDeps): ReportService {
  const { store, audit, now } = deps;
  const sources = createReportSources(deps);

  /**
   * The policy's resource for the subject, once the actor may see it: a proposal is asked about
   * on its network, and NotFoundError when the proposal service would not show it to the actor.
   */
  async function resourceOf(actor: Actor, subject: ReportSubject): Promise<Resource> {
    switch (subject.kind) {
      case "organisation":
        return { kind: "organisation", orgCode: subject.orgCode };
      case "network":
        return { kind: "network", networkId: subject.networkId };
      case "region":
        return { kind: "region", regionCode: subject.regionCode };
      case "proposal": {
        const p = await deps.readableProposal(actor, subject.proposalId);
        return { kind: "network", networkId: p.networkId };
      }
    }
  }

  const EDIT: Record<ReportSubjectKind, Action> = {
    organisation: "organisation.manage_data",
    network: "network.contribute",
    region: "region.manage_reports",
    proposal: "network.contribute",
  };
  const READ: Record<ReportSubjectKind, Action> = {
    organisation: "organisation.read_private",
    network: "network.read_workspace",
    region: "region.read_reports",
    proposal: "network.read_workspace",
  };

  /** Whether the actor may, without throwing (a proposal they may not see: no). */
  async function allowed(actor: Actor, subject: ReportSubject, action: Action): Promise<boolean> {
    const resource = await resourceOf(actor, subject).catch((e: unknown) => {
      if (e instanceof NotFoundError) return null;
      throw e;
    });
    return resource !== null && can(actor, action, resource);
  }

  /** The subject exists and the actor may see it; then `authorize` for `action` (a read). */
  async function checkRead(actor: Actor, subject: ReportSubject, action: Action): Promise<void> {
    await sources.describeSubject(subject);
    authorize(actor, action, await resourceOf(actor, subject));
  }

  /**
   * The subject exists and the actor may see it; then the edit action is asked for, and a
   * signed-in person's refusal is audited (outcome `denied`, `event` naming what was tried).
   */
  async function checkEdit(
    actor: Actor,
    subject: ReportSubject,
    event: AuditEvent,
    origin: RequestOrigin | undefined,
  ): Promise<void> {
    await sources.describeSubject(subject);
    const resource = await resourceOf(actor, subject);
    await guard(
      audit,
      actor,
      EDIT[subject.kind],
      resource,
      { ...event, ...(await scopeOf(subject)) },
      origin,
    );
  }

  /** The audit event's scope fields for the subject. */
  async function scopeOf(
    subject: ReportSubject,
  ): Promise<Pick<AuditEvent, "orgCode" | "networkId">> {
    if (subject.kind === "organisation") return { orgCode: subject.orgCode };
    if (subject.kind === "network") return { networkId: subject.networkId };
    if (subject.kind === "proposal") {
      const p = await deps.proposal(subject.proposalId);
      return p ? { networkId: p.networkId } : {};
    }
    return {};
  }

  const service: ReportService = {
    canEdit: (actor, subject) => allowed(actor, subject, EDIT[subject.kind]),
    canReadCommentary: (actor, subject) => allowed(actor, subject, READ[subject.kind]),

    async describe(actor, subject) {
      const info = await sources.describeSubject(subject);
      if (subject.kind === "proposal") await deps.readableProposal(actor, subject.proposalId);
      return info;
    },

    async definitions(actor, subject) {
      await service.describe(actor, subject);
      const ready = await sources.defaults(subject);
      if (!(await service.canReadCommentary(actor, subject))) return ready;
      const saved = await store.definitions(subjectKey(subject));
      return [...ready, ...saved.map((d) => savedDefinition(subject, d))];
    },

    async definition(actor, subject, key) {
      await service.describe(actor, subject);
      const id = savedId(key);
      if (id !== null) {
        const found = (await service.canReadCommentary(actor, subject))
          ? await store.definition(subjectKey(subject), id)
          : null;
        if (found) return savedDefinition(subject, found);
      } else {
        const found = (await sources.defaults(subject)).find((d) => d.key === key);
        if (found) return found;
      }
      throw new NotFoundError(`There is no report "${key}" for this ${subject.kind}.`);
    },

    async saveDefinition(actor, subject, input, key, origin) {
      const sk = subjectKey(subject);
      await checkEdit(
        actor,
        subject,
        {
          action: "report.definition_saved",
          target: { kind: "report_definition", ref: `${sk}/${key ?? "new"}` },
          details: { subject: sk },
        },
        origin,
      );
      const layout = parseLayout(input);
      const at = now();
      let id: number;
      if (key === undefined) {
        id = await store.insertDefinition(sk, layout, authorOf(actor), at);
      } else {
        const existing = savedId(key);
        if (
          existing === null ||
          !(await store.updateDefinition(sk, existing, layout, authorOf(actor), at))
        )
          throw new NotFoundError(`There is no saved report "${key}" for this ${subject.kind}.`);
        id = existing;
      }
      await audit(
        actor,
        {
          action: "report.definition_saved",
          target: { kind: "report_definition", ref: `${sk}/r${id}` },
          ...(await scopeOf(subject)),
          details: {
            subject: sk,
            title: layout.title,
            created: key === undefined,
            sections: layout.sections.length,
            metrics: layout.sections.reduce((n, s) => n + s.metricIds.length, 0),
          },
        },
        origin,
      );
      const saved = await store.definition(sk, id);
      if (!saved) throw new NotFoundError(`There is no saved report "r${id}".`);
      return savedDefinition(subject, saved);
    },

    async deleteDefinition(actor, subject, key, origin) {
      const sk = subjectKey(subject);
      await checkEdit(
        actor,
        subject,
        {
          action: "report.definition_deleted",
          target: { kind: "report_definition", ref: `${sk}/${key}` },
          details: { subject: sk },
        },
        origin,
      );
      const id = savedId(key);
      const found = id !== null ? await store.definition(sk, id) : null;
      if (id === null || !found || !(await store.deleteDefinition(sk, id, now())))
        throw new NotFoundError(`There is no saved report "${key}" for this ${subject.kind}.`);
      await audit(
        actor,
        {
          action: "report.definition_deleted",
          target: { kind: "report_definition", ref: `${sk}/r${id}` },
          ...(await scopeOf(subject)),
          details: { subject: sk, title: found.title },
        },
        origin,
      );
    },

    async sections(actor, subject, definition) {
      await service.describe(actor, subject);
      return sources.reportSections(subject, definition);
    },

    async commentary(actor, subject, wanted) {
      const out = new Map<string, CommentaryView>();
      if (wanted.length === 0 || !(await service.canReadCommentary(actor, subject))) return out;
      const rows = await store.latestByPeriod(subjectKey(subject), [
        ...new Set(wanted.map((w) => w.metricId)),
      ]);
      for (const w of wanted) {
        // Newest period first: the first at or before the wanted period is the one to show.
        const c = rows.find((r) => r.metricId === w.metricId && r.period <= w.period);
        if (!c) continue;
        out.set(
          w.metricId,
          c.period === w.period
            ? { ...c, carriedFrom: null }
            : { ...c, period: w.period, carriedFrom: c.period },
        );
      }
      return out;
    },

    async commentaryHistory(actor, subject, metricId) {
      await checkRead(actor, subject, READ[subject.kind]);
      return store.history(subjectKey(subject), metricId);
    },

    async saveCommentary(actor, subject, input, origin) {
      const sk = subjectKey(subject);
      await checkEdit(
        actor,
        subject,
        {
          action: "report.commentary_saved",
          target: { kind: "report_commentary", ref: sk },
          details: { subject: sk },
        },
        origin,
      );
      const entry = commentaryInput(input);
      const saved = await store.appendCommentary(sk, entry, authorOf(actor), now());
      await audit(
        actor,
        {
          action: "report.commentary_saved",
          target: { kind: "report_commentary", ref: `${sk}/${entry.metricId}/${entry.period}` },
          ...(await scopeOf(subject)),
          details: {
            subject: sk,
            metricId: entry.metricId,
            period: entry.period,
            version: saved.version,
            characters: entry.text.length,
          },
        },
        origin,
      );
      return saved;
    },
  };
  return service;
}
