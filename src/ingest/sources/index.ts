/**
 * Every source format the platform reads, in detection order (most specific first). `improve
 * formats` lists them; `improve import` picks the first whose `detect` accepts the file's first
 * record, unless `--format` names one. Detection is specific (exact or distinctive column sets),
 * so no two formats claim the same header; test/ingest/detection.test.ts checks that against
 * every shared file and fixture. docs/data-sources.md describes each format.
 *
 * Not recognised on purpose (a folder import lists them as skipped): the ics-metrics-ref
 * metric lists (reference only), the CWT national urgent-route trend (no catalogue metric: the
 * catalogue's cancer_62d is the all-routes standard), the A&E acute-trust attribution table,
 * the NHS England regions list (the regions are seeded reference data), and the two sources of
 * the successions table (epiforecasts' trust mergers, the ICB list with predecessors), whose
 * rows derived/org_successions.csv holds with what they lack (decision 0010).
 */
import type { SourceFormat } from "../format.js";
import { aeMonthlyFormat } from "./ae-monthly/index.js";
import { ambsysRawFormat } from "./ambsys/index.js";
import { autospcFormat } from "./autospc/index.js";
import { cancelledOpsFormat } from "./cancelled-ops/index.js";
import { cwt62dFormat } from "./cwt-62d/index.js";
import { cwtExtractFormat } from "./cwt-extract/index.js";
import { derivedAeFormat } from "./derived-ae/index.js";
import { derivedAeEnglandFormat } from "./derived-ae-england/index.js";
import { derivedAeProviderFormat } from "./derived-ae-provider/index.js";
import { derivedAmbsysFormat } from "./derived-ambsys/index.js";
import { derivedCwtFormat } from "./derived-cwt/index.js";
import { derivedDischargeFormat } from "./derived-discharge/index.js";
import { dm01Format } from "./dm01/index.js";
import { dm01ByTestFormat } from "./dm01-by-test/index.js";
import { humaniverseAeFormat } from "./humaniverse-ae/index.js";
import { humaniverseBedsFormat } from "./humaniverse-beds/index.js";
import { humaniverseCtrFormat } from "./humaniverse-ctr/index.js";
import { humaniverseDelaysFormat } from "./humaniverse-delays/index.js";
import { humaniverseDischargeFormat } from "./humaniverse-discharge/index.js";
import { humaniverseIaptFormat } from "./humaniverse-iapt/index.js";
import { humaniverseIcbAeFormat } from "./humaniverse-icb-ae/index.js";
import { humaniverseRttFormat } from "./humaniverse-rtt/index.js";
import { kh03Format } from "./kh03/index.js";
import { nhsrAeFormat } from "./nhsr-ae/index.js";
import { nofFormat } from "./nof/index.js";
import { odsFormat } from "./ods/index.js";
import { shmiFormat } from "./shmi/index.js";
import { staffSurveyFormat } from "./staff-survey/index.js";
import { onsIcbFormat } from "./ons-icb/index.js";
import { orgSuccessionsFormat } from "./org-successions/index.js";
import { peerFinderFormat } from "./peer-finder/index.js";
import { snapshotAeFormat } from "./snapshot-ae/index.js";
import { snapshotAmbulanceFormat } from "./snapshot-ambulance/index.js";
import { snapshotCancerFormat } from "./snapshot-cancer/index.js";
import { snapshotDm01Format } from "./snapshot-dm01/index.js";
import { snapshotKh03Format } from "./snapshot-kh03/index.js";
import { snapshotReferralsFormat } from "./snapshot-referrals/index.js";
import { snapshotRttFormat } from "./snapshot-rtt/index.js";
import { tidyFormat } from "./tidy/index.js";
import { requireDataRows } from "./shared/require-rows.js";
import { trustsReferenceFormat } from "./trusts-reference/index.js";
import { trustTypesFormat } from "./trust-types/index.js";

export const formats: readonly SourceFormat[] = (
  [
    // Organisation lists.
    odsFormat,
    onsIcbFormat,
    trustsReferenceFormat,
    // Reference publications about organisations (decision 0010).
    trustTypesFormat,
    orgSuccessionsFormat,
    peerFinderFormat,
    // Official publication layouts.
    aeMonthlyFormat,
    ambsysRawFormat,
    cwtExtractFormat,
    shmiFormat,
    nofFormat,
    // Converted official publications (a sheet of NHS England's workbook, values unchanged).
    dm01ByTestFormat,
    dm01Format,
    kh03Format,
    cancelledOpsFormat,
    staffSurveyFormat,
    // Derived and cleaned copies (exact headers first).
    nhsrAeFormat,
    derivedAeEnglandFormat,
    derivedAeFormat,
    derivedAeProviderFormat,
    derivedDischargeFormat,
    cwt62dFormat,
    derivedAmbsysFormat,
    derivedCwtFormat,
    // Uncleaned package copies.
    humaniverseIcbAeFormat,
    humaniverseAeFormat,
    humaniverseBedsFormat,
    humaniverseDischargeFormat,
    humaniverseCtrFormat,
    humaniverseDelaysFormat,
    humaniverseRttFormat,
    humaniverseIaptFormat,
    // Single-month snapshots.
    snapshotAeFormat,
    snapshotRttFormat,
    snapshotDm01Format,
    snapshotCancerFormat,
    snapshotAmbulanceFormat,
    snapshotKh03Format,
    snapshotReferralsFormat,
    autospcFormat,
    // The general route last: it accepts any header with its four key columns.
    tidyFormat,
  ] as SourceFormat[]
).map((f) => requireDataRows(f));

export function formatById(id: string): SourceFormat | undefined {
  return formats.find((f) => f.id === id);
}

export function detectFormat(firstRecord: string[]): SourceFormat | undefined {
  return formats.find((f) => f.detect(firstRecord));
}
