/**
 * The four kinds of report subject as the site addresses them: each kind's base path (the
 * subject's own page, under which its reports live) and how a request's parameters name it.
 * One table, so that adding a subject kind is one entry here (CONTRIBUTING.md, "Add a report
 * subject or a ready-made report").
 */
import { z } from "zod";
import type { ReportSubject, ReportSubjectKind } from "../../../reports/types.js";
import { orgCodeSchema, param } from "../../present.js";

interface SubjectRoute {
  /** The route pattern of the subject's own page, e.g. `/org/:code`. */
  pattern: string;
  /** The subject named by the request's parameters (a 400 for malformed ones). */
  fromParams(params: unknown): ReportSubject;
  /** The subject's own page. */
  base(subject: ReportSubject): string;
}

const orgParams = z.object({ code: orgCodeSchema });
const networkParams = z.object({ networkId: z.string().regex(/^[a-z0-9-]{2,80}$/) });
const regionParams = z.object({ code: z.string().regex(/^[A-Z0-9]{3,5}$/) });
const proposalParams = z.object({
  proposalId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});

export const SUBJECT_ROUTES: Record<ReportSubjectKind, SubjectRoute> = {
  organisation: {
    pattern: "/org/:code",
    fromParams: (p) => ({
      kind: "organisation",
      orgCode: param(orgParams, p, "organisation code").code,
    }),
    base: (s) => (s.kind === "organisation" ? `/org/${s.orgCode}` : ""),
  },
  network: {
    pattern: "/networks/:networkId",
    fromParams: (p) => ({
      kind: "network",
      networkId: param(networkParams, p, "network").networkId,
    }),
    base: (s) => (s.kind === "network" ? `/networks/${s.networkId}` : ""),
  },
  region: {
    pattern: "/regions/:code",
    fromParams: (p) => ({
      kind: "region",
      regionCode: param(regionParams, p, "region code").code,
    }),
    base: (s) => (s.kind === "region" ? `/regions/${s.regionCode}` : ""),
  },
  proposal: {
    pattern: "/proposals/:proposalId",
    fromParams: (p) => ({
      kind: "proposal",
      proposalId: param(proposalParams, p, "proposal").proposalId,
    }),
    base: (s) => (s.kind === "proposal" ? `/proposals/${s.proposalId}` : ""),
  },
};

/** A subject's reports list: `/org/RDE/reports`. */
export const reportsHref = (subject: ReportSubject) =>
  `${SUBJECT_ROUTES[subject.kind].base(subject)}/reports`;

/** One report, or one of its files (`.pdf`, `.xlsx`, `.csv`). */
export const reportHref = (subject: ReportSubject, key: string, extension = "") =>
  `${reportsHref(subject)}/${key}${extension ? `.${extension}` : ""}`;

/** A report's key as paths carry it: `topic-uec`, `guide-uec-acute-flow`, `r12`. */
export const reportKeySchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/);
