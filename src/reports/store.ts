/**
 * What reports need from storage (the port; src/storage/report-store.ts implements it over
 * PostgreSQL, migration 028). Subjects are given by their key (./subject.ts).
 */
import type { Commentary, DefinitionInput, ReportSection, SubjectKey } from "./types.js";

/** A saved definition as stored. */
export interface StoredDefinition {
  id: number;
  subjectKey: SubjectKey;
  title: string;
  description: string;
  sections: ReportSection[];
  /** The name of who saved it last (null when that was the operator at the command line). */
  savedBy: string | null;
  savedAt: Date;
}

/** Who is saving: their account (null for the operator) and how the audit log names them. */
export interface Author {
  userId: number | null;
  label: string;
}

export interface ReportStore {
  /** The subject's saved definitions that are not deleted, oldest first. */
  definitions(subjectKey: SubjectKey): Promise<StoredDefinition[]>;
  /** One saved definition of the subject, or null (also when deleted). */
  definition(subjectKey: SubjectKey, id: number): Promise<StoredDefinition | null>;
  insertDefinition(
    subjectKey: SubjectKey,
    input: DefinitionInput,
    by: Author,
    at: Date,
  ): Promise<number>;
  /** False when there is no such live definition of the subject. */
  updateDefinition(
    subjectKey: SubjectKey,
    id: number,
    input: DefinitionInput,
    by: Author,
    at: Date,
  ): Promise<boolean>;
  /** Sets deleted_at; false when there is no such live definition of the subject. */
  deleteDefinition(subjectKey: SubjectKey, id: number, at: Date): Promise<boolean>;
  /**
   * For each of the metrics, the newest version of its commentary for each period that has any,
   * newest period first.
   */
  latestByPeriod(subjectKey: SubjectKey, metricIds: readonly string[]): Promise<Commentary[]>;
  /** Every version of the metric's commentary, newest period first, newest version first. */
  history(subjectKey: SubjectKey, metricId: string): Promise<Commentary[]>;
  /** Appends the next version for the subject, metric and period; returns it. */
  appendCommentary(
    subjectKey: SubjectKey,
    entry: { metricId: string; period: string; text: string },
    by: Author,
    at: Date,
  ): Promise<Commentary>;
}
