/**
 * Self-assessment rounds (issue 16; docs/guides.md "Self-assessment").
 *
 * Who sees what, decided here and nowhere else:
 * - an organisation's members and analysts (`organisation.read_private`; national
 *   administrators pass it too) start, edit, submit, share and read all its rounds (a change
 *   also asks for `own.change`, so a read-only API token only reads);
 * - members and leads of a network (`network.read_workspace`) read the SUBMITTED rounds that a
 *   member organisation of that network has SHARED, and nothing else;
 * - everyone else is told the round does not exist (NotFoundError, a 404), so an id cannot be
 *   guessed to learn that a private round exists; a reader who is not signed in is asked to.
 */
import type { Actor } from "../accounts/actor.js";
import { actorLabel } from "../accounts/actor.js";
import { authorize, can } from "../accounts/policy.js";
import { ConflictError, InputError, NotFoundError, SignInRequiredError } from "../errors.js";
import type { InputProblem } from "../errors.js";
import type { AssessmentStore } from "./store.js";
import {
  EVIDENCE_MAX,
  type Answer,
  type Matrix,
  type Round,
  type RoundVisibility,
} from "./types.js";

export interface AssessmentServiceDeps {
  store: AssessmentStore;
  /** The matrices the repository ships, already checked (./matrix-folder.ts). */
  matrices: readonly Matrix[];
  /** A network's member organisations' codes (src/metrics/directory `networkMembers`). */
  networkMembers: (networkId: string) => Promise<string[]>;
  /** A guide's current published version, or null when it has none yet. */
  currentGuideVersion: (guideId: string) => Promise<string | null>;
  now: () => Date;
}

/** A round's answers as a form gives them: per row id, the chosen score (text) and evidence. */
export interface RoundInput {
  assessedOn: string;
  answers: Record<string, { score: string; evidence: string }>;
}

/** How a reader may see a round: all of it (their own organisation) or a shared one. */
export type Access = "own" | "shared";

export interface NetworkAssessment {
  matrix: Matrix;
  /** Every member organisation's code, and its newest shared submitted round if any. */
  members: { orgCode: string; round: Round | null }[];
}

export interface AssessmentService {
  /** Every matrix, in title order. */
  matrices(): readonly Matrix[];
  /** One matrix (NotFoundError for an unknown id). */
  matrix(matrixId: string): Matrix;
  /** Whether the actor may complete and read all of this organisation's rounds. */
  canComplete(actor: Actor, orgCode: string): boolean;
  /**
   * An organisation's rounds of a matrix, oldest first: all of them for its own people, only
   * its shared submitted ones for its networks' members; NotFoundError for anyone else.
   */
  rounds(
    actor: Actor,
    orgCode: string,
    matrixId: string,
  ): Promise<{ access: Access; rounds: Round[] }>;
  /** One round, as the reader may see it (NotFoundError when they may not, whether or not it exists). */
  round(actor: Actor, roundId: number): Promise<{ access: Access; round: Round }>;
  /** Starts a draft dated today, prefilled from the newest submitted round when `prefill`. */
  startRound(actor: Actor, orgCode: string, matrixId: string, prefill: boolean): Promise<Round>;
  /** Saves a draft (blank scores allowed). InputError naming the field; ConflictError once submitted. */
  saveDraft(actor: Actor, roundId: number, input: RoundInput): Promise<Round>;
  /** Saves and submits a draft: every row needs a score. */
  submit(actor: Actor, roundId: number, input: RoundInput): Promise<Round>;
  /** Makes a round private or shares it with the organisation's networks (any time). */
  setVisibility(actor: Actor, roundId: number, visibility: RoundVisibility): Promise<Round>;
  /** The newest submitted shared round of each member organisation (network members and leads). */
  network(actor: Actor, networkId: string, matrixId: string): Promise<NetworkAssessment>;
  /**
   * The guide version the organisation's newest submitted round of that guide's matrices
   * recorded, or null (none, or the actor may not read the organisation's rounds).
   */
  lastAssessedVersion(actor: Actor, orgCode: string, guideId: string): Promise<string | null>;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDate(d) === text;
}

/** The organisations an actor's network grants reach (for shared rounds). */
async function networksOf(actor: Actor): Promise<string[]> {
  if (actor.kind !== "user") return [];
  return actor.grants
    .filter((g) => g.role === "network_member" || g.role === "network_lead")
    .flatMap((g) => (g.scope.kind === "network" ? [g.scope.networkId] : []));
}

export function createAssessmentService(deps: AssessmentServiceDeps): AssessmentService {
  const { store } = deps;
  const byId = new Map(deps.matrices.map((m) => [m.id, m]));

  function matrix(matrixId: string): Matrix {
    const m = byId.get(matrixId);
    if (!m) throw new NotFoundError(`There is no maturity matrix "${matrixId}".`);
    return m;
  }

  const own = (actor: Actor, orgCode: string) =>
    can(actor, "organisation.read_private", { kind: "organisation", orgCode });

  /** Whether one of the actor's networks has `orgCode` as a member. */
  async function inActorsNetwork(actor: Actor, orgCode: string): Promise<boolean> {
    for (const networkId of await networksOf(actor))
      if ((await deps.networkMembers(networkId)).includes(orgCode)) return true;
    return false;
  }

  const notFound = () => new NotFoundError("There is no such self-assessment round.");

  /**
   * The round, only if the actor may change it (its organisation's people; else 404) and is
   * changing something (`own.change`: a read-only API token is refused).
   */
  async function ownRound(actor: Actor, roundId: number): Promise<Round> {
    if (actor.kind === "anonymous") throw new SignInRequiredError();
    const round = await store.round(roundId);
    if (!round || !own(actor, round.orgCode)) throw notFound();
    authorize(actor, "own.change");
    return round;
  }

  /** Checks a form's answers against the matrix; `complete` demands a score on every row. */
  function check(
    m: Matrix,
    input: RoundInput,
    complete: boolean,
  ): { assessedOn: string; answers: Answer[] } {
    const problems: InputProblem[] = [];
    const assessedOn = input.assessedOn.trim();
    if (!validDate(assessedOn))
      problems.push({
        column: "assessedOn",
        value: assessedOn,
        reason: "Enter the date of the assessment as a real date, for example 14 7 2026",
      });
    else if (assessedOn > isoDate(deps.now()))
      problems.push({
        column: "assessedOn",
        value: assessedOn,
        reason: "The date of the assessment must be today or in the past",
      });
    const answers = m.rows.map((row): Answer => {
      const given = input.answers[row.id] ?? { score: "", evidence: "" };
      const scoreText = given.score.trim();
      let score: number | null = null;
      if (scoreText !== "") {
        const level = m.levels.find((l) => String(l.score) === scoreText);
        if (!level)
          problems.push({
            column: `score-${row.id}`,
            value: scoreText,
            reason: `Choose one of the levels for ${row.title}`,
          });
        else score = level.score;
      } else if (complete)
        problems.push({ column: `score-${row.id}`, reason: `Choose a level for ${row.title}` });
      const evidence = given.evidence.trim();
      if (evidence.length > EVIDENCE_MAX)
        problems.push({
          column: `evidence-${row.id}`,
          reason: `The evidence for ${row.title} must be ${EVIDENCE_MAX} characters or fewer`,
        });
      return { rowId: row.id, score, evidence };
    });
    if (problems.length) throw new InputError("The assessment has problems.", problems);
    return { assessedOn, answers };
  }

  async function save(actor: Actor, roundId: number, input: RoundInput, submit: boolean) {
    const round = await ownRound(actor, roundId);
    if (round.status !== "draft")
      throw new ConflictError(
        "This round has been submitted; start a new round to change the answers.",
      );
    const { assessedOn, answers } = check(matrix(round.matrixId), input, submit);
    if (!(await store.saveDraft(roundId, assessedOn, answers, submit ? deps.now() : null)))
      throw new ConflictError(
        "This round has been submitted; start a new round to change the answers.",
      );
    return (await store.round(roundId))!;
  }

  return {
    matrices: () => [...byId.values()],
    matrix,
    canComplete: own,
    async rounds(actor, orgCode, matrixId) {
      matrix(matrixId);
      if (actor.kind === "anonymous") throw new SignInRequiredError();
      if (own(actor, orgCode))
        return { access: "own", rounds: await store.rounds(orgCode, matrixId) };
      if (await inActorsNetwork(actor, orgCode))
        return {
          access: "shared",
          rounds: (await store.rounds(orgCode, matrixId)).filter(
            (r) => r.status === "submitted" && r.visibility === "shared",
          ),
        };
      throw new NotFoundError(`There are no self-assessment rounds of ${orgCode} you can see.`);
    },
    async round(actor, roundId) {
      if (actor.kind === "anonymous") throw new SignInRequiredError();
      const round = await store.round(roundId);
      if (!round) throw notFound();
      if (own(actor, round.orgCode)) return { access: "own", round };
      if (
        round.status === "submitted" &&
        round.visibility === "shared" &&
        (await inActorsNetwork(actor, round.orgCode))
      )
        return { access: "shared", round };
      throw notFound();
    },
    async startRound(actor, orgCode, matrixId, prefill) {
      const m = matrix(matrixId);
      if (actor.kind === "anonymous") throw new SignInRequiredError();
      if (!own(actor, orgCode)) throw new NotFoundError(`You cannot assess for ${orgCode}.`);
      authorize(actor, "own.change");
      const last = prefill
        ? (await store.rounds(orgCode, matrixId)).filter((r) => r.status === "submitted").at(-1)
        : undefined;
      const answers = m.rows.map((row): Answer => {
        const before = last?.answers.find((a) => a.rowId === row.id);
        const known = before && m.levels.some((l) => l.score === before.score);
        return {
          rowId: row.id,
          score: known ? before.score : null,
          evidence: before?.evidence ?? "",
        };
      });
      const roundId = await store.insertRound({
        matrixId,
        orgCode,
        assessedOn: isoDate(deps.now()),
        guideVersion: m.guide ? await deps.currentGuideVersion(m.guide) : null,
        startedBy: actorLabel(actor),
        answers,
      });
      return (await store.round(roundId))!;
    },
    saveDraft: (actor, roundId, input) => save(actor, roundId, input, false),
    submit: (actor, roundId, input) => save(actor, roundId, input, true),
    async setVisibility(actor, roundId, visibility) {
      const round = await ownRound(actor, roundId);
      await store.setVisibility(round.roundId, visibility);
      return (await store.round(roundId))!;
    },
    async network(actor, networkId, matrixId) {
      const m = matrix(matrixId);
      authorize(actor, "network.read_workspace", { kind: "network", networkId });
      const codes = await deps.networkMembers(networkId);
      const latest = new Map(
        (await store.latestShared(matrixId, codes)).map((r) => [r.orgCode, r]),
      );
      return {
        matrix: m,
        members: codes.map((orgCode) => ({ orgCode, round: latest.get(orgCode) ?? null })),
      };
    },
    async lastAssessedVersion(actor, orgCode, guideId) {
      if (!own(actor, orgCode)) return null;
      const ids = new Set(deps.matrices.filter((m) => m.guide === guideId).map((m) => m.id));
      if (ids.size === 0) return null;
      const submitted = (await store.rounds(orgCode))
        .filter((r) => ids.has(r.matrixId) && r.status === "submitted" && r.guideVersion !== null)
        .sort((a, b) =>
          a.assessedOn < b.assessedOn
            ? -1
            : a.assessedOn > b.assessedOn
              ? 1
              : a.roundId - b.roundId,
        );
      return submitted.at(-1)?.guideVersion ?? null;
    },
  };
}
