/**
 * The trust-type table (built from NHS England's publications): the shared data's derived/trust_types.csv, one row per English NHS
 * trust open in 2024–25 (211 rows):
 *
 *   org_code,org_name,trust_type,nof_2025_trust_subtype,nss24_benchmarking_group,type_sources,
 *   types_disagree,in_etr,etr_open_date,etr_close_date
 *   "R0A","MANCHESTER UNIVERSITY NHS FOUNDATION TRUST","acute","Acute - Teaching",
 *   "Acute and Acute & Community Trusts","nss24+nof2025","","Y","20171001",""
 *
 * `trust_type` is acute, acute_specialist, mental_health_learning_disability, community or
 * ambulance; `nof_2025_trust_subtype` the NHS Oversight Framework 2025/26 acute subtype. The
 * table's rule: the Oversight Framework subtype wins, otherwise the Staff Survey 2024
 * benchmarking group. Each row gives its trust a kind (metrics/reference-data.ts): acute and
 * acute_specialist → acute_trust with its subtype (acute_specialist → specialist: decision 0010),
 * mental_health_learning_disability → mental_health_trust, community → community_trust,
 * ambulance → ambulance_trust. The after-import step (refine-organisations.ts) applies it to the
 * organisation, whatever its name or activity suggest.
 *
 * Traps handled on purpose:
 * - RBS, RCU, RQ3 (children's trusts): `types_disagree` Y, the Staff Survey says acute, the
 *   Oversight Framework "Acute - Specialist"; the row's type already follows the rule
 *   (acute_specialist). The disagreement is kept and shown; a row whose type contradicts its
 *   subtype (acute with "Acute - Specialist", or a subtype on a non-acute type) is refused.
 * - R1F1 and R1F2: the Isle of Wight's acute and ambulance sectors in the Staff Survey, not
 *   trusts (a name ending "SECTOR)" and a code that is another code plus a digit). They are kept
 *   as sectors of R1F and type no organisation; R1F's own row (acute, Multi-Service) gives its kind.
 * - G6V2S (North London NHS FT, opened November 2024) has no row: its kind stays as its name or
 *   activity give it, and its page says so.
 * - Care trusts outside ODS etr (TAD, TAF, TAH, TAJ) are kept: they type the organisation if one
 *   with that code appears (e.g. first seen in a values file).
 */
import type { ReferenceInput } from "../../format.js";
import {
  acuteSubtypeOf,
  kindOfTrustType,
  publishedSubtypes,
  publishedTrustTypes,
  type TrustType,
} from "../../../metrics/reference-data.js";
import {
  givenTwice,
  NO_ORGANISATION_NAME,
  NOT_Y_OR_EMPTY,
  notAnAcuteSubtype,
  notATrustType,
  typeContradictsSubtype,
} from "../../problem-messages.js";
import { referenceFormat } from "../shared/reference-format.js";
import type { RowReader } from "../shared/row.js";

const COLUMNS = [
  "org_code",
  "org_name",
  "trust_type",
  "nof_2025_trust_subtype",
  "types_disagree",
] as const;

/** A sector counted apart: "ISLE OF WIGHT NHS TRUST (AMBULANCE SECTOR)", code R1F2 → R1F. */
const SECTOR_NAME = /\(\s*[A-Z &-]+ SECTOR\s*\)$/i;
const SECTOR_CODE = /^([A-Z0-9]{3,5})\d$/;

interface State {
  rows: TrustType[];
  lines: Map<string, number>;
}

type Columns = Record<(typeof COLUMNS)[number], number> & { nss24_benchmarking_group?: number };

function readRow(row: RowReader, c: Columns, state: State): void {
  const orgCode = row.orgCode(c.org_code);
  const name = row.name(c.org_name, NO_ORGANISATION_NAME);
  const publishedType = row.text(c.trust_type);
  const kind = kindOfTrustType(publishedType);
  if (!kind) row.problem(c.trust_type, publishedType, notATrustType(publishedTrustTypes));
  const publishedSubtype = row.text(c.nof_2025_trust_subtype);
  const nofSubtype = publishedSubtype ? acuteSubtypeOf(publishedSubtype) : null;
  if (nofSubtype === undefined)
    row.problem(c.nof_2025_trust_subtype, publishedSubtype, notAnAcuteSubtype(publishedSubtypes));
  const isAcute = publishedType === "acute" || publishedType === "acute_specialist";
  if (
    kind &&
    nofSubtype &&
    (!isAcute || (nofSubtype === "specialist") !== (publishedType === "acute_specialist"))
  )
    row.problem(c.trust_type, publishedType, typeContradictsSubtype(publishedType));
  const disagree = row.text(c.types_disagree).toUpperCase();
  if (disagree !== "" && disagree !== "Y") row.problem(c.types_disagree, disagree, NOT_Y_OR_EMPTY);
  if (row.bad || !orgCode || !kind) return;
  const earlier = state.lines.get(orgCode);
  if (earlier !== undefined) {
    row.problem(c.org_code, orgCode, givenTwice("organisation code", [earlier, row.line]));
    return;
  }
  state.lines.set(orgCode, row.line);
  const sector = SECTOR_NAME.test(name) ? SECTOR_CODE.exec(orgCode)?.[1] : undefined;
  state.rows.push({
    orgCode,
    name,
    publishedType,
    kind,
    // A specialist type without an Oversight Framework subtype is still specialist.
    subtype: nofSubtype ?? (publishedType === "acute_specialist" ? "specialist" : null),
    surveyGroup: row.text(c.nss24_benchmarking_group) || null,
    typesDisagree: disagree === "Y",
    sectorOf: sector ?? null,
  });
}

export const trustTypesFormat = referenceFormat({
  id: "trust-types",
  description:
    "Trust types (reference; built from NHS England's Oversight Framework 2025/26 and Staff Survey 2024): org_code, org_name, trust_type, nof_2025_trust_subtype, types_disagree; gives each trust its kind and acute subtype",
  columns: COLUMNS,
  optional: ["nss24_benchmarking_group"] as const,
  state: (): State => ({ rows: [], lines: new Map() }),
  map: readRow,
  finish: (state: State): ReferenceInput[] => state.rows.map((r) => ({ type: "trust_type", ...r })),
});
