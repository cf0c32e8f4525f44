/**
 * A report's subject as one string (`organisation:RDE`, `network:london-uec`, `region:Y56`,
 * `proposal:12`): the key its saved definitions and commentary are stored under and the audit
 * log names it by. `parseSubjectKey` reads it back; anything else is a UsageError.
 */
import { UsageError } from "../errors.js";
import type { ReportSubject, SubjectKey } from "./types.js";

export function subjectKey(subject: ReportSubject): SubjectKey {
  switch (subject.kind) {
    case "organisation":
      return `organisation:${subject.orgCode}`;
    case "network":
      return `network:${subject.networkId}`;
    case "region":
      return `region:${subject.regionCode}`;
    case "proposal":
      return `proposal:${subject.proposalId}`;
  }
}

const CODE = /^[A-Z0-9]{3,10}$/;
const NETWORK_ID = /^[a-z0-9-]{2,80}$/;
const PROPOSAL_ID = /^[1-9][0-9]{0,14}$/;

/**
 * The subject a key names.
 * @example parseSubjectKey("proposal:12") // { kind: "proposal", proposalId: 12 }
 * @throws UsageError for a key of no known form.
 */
export function parseSubjectKey(key: string): ReportSubject {
  const colon = key.indexOf(":");
  const kind = key.slice(0, colon);
  const ref = key.slice(colon + 1);
  if (colon > 0) {
    if (kind === "organisation" && CODE.test(ref)) return { kind, orgCode: ref };
    if (kind === "network" && NETWORK_ID.test(ref)) return { kind, networkId: ref };
    if (kind === "region" && CODE.test(ref)) return { kind, regionCode: ref };
    if (kind === "proposal" && PROPOSAL_ID.test(ref)) return { kind, proposalId: Number(ref) };
  }
  throw new UsageError(
    `Unknown report subject "${key}" (a subject is organisation:<ODS code>, network:<id>, region:<code> or proposal:<number>)`,
  );
}
