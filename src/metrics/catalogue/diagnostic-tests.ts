/**
 * The 15 key diagnostic tests of the DM01 return, by the `diagnostic_id` NHS England's "Provider
 * by Test" sheet gives them (16 is not a test: it is each provider's Total row). Each test has its
 * own catalogue metric, `diag_6wk_pct_<slug>` (diagnostics.ts), so a trust's MRI waits are
 * benchmarked against other trusts' MRI waits, never mixed with its other tests.
 *
 * @example dm01Tests[0] // { diagnosticId: 1, slug: "mri", name: "Magnetic Resonance Imaging", … }
 */
export const dm01Tests = [
  {
    diagnosticId: 1,
    slug: "mri",
    name: "Magnetic Resonance Imaging",
    short: "MRI",
    waitingFor: "an MRI scan",
  },
  {
    diagnosticId: 2,
    slug: "ct",
    name: "Computed Tomography",
    short: "CT",
    waitingFor: "a CT scan",
  },
  {
    diagnosticId: 3,
    slug: "ultrasound",
    name: "Non-obstetric Ultrasound",
    short: "Ultrasound",
    waitingFor: "a non-obstetric ultrasound scan",
  },
  {
    diagnosticId: 4,
    slug: "barium_enema",
    name: "Barium Enema",
    short: "Barium enema",
    waitingFor: "a barium enema",
  },
  {
    diagnosticId: 5,
    slug: "dexa",
    name: "DEXA Scan",
    short: "DEXA",
    waitingFor: "a DEXA (bone density) scan",
  },
  {
    diagnosticId: 6,
    slug: "audiology",
    name: "Audiology - Audiology Assessments",
    short: "Audiology",
    waitingFor: "an audiology assessment",
  },
  {
    diagnosticId: 7,
    slug: "echocardiography",
    name: "Cardiology - Echocardiography",
    short: "Echocardiography",
    waitingFor: "an echocardiogram",
  },
  {
    diagnosticId: 8,
    slug: "electrophysiology",
    name: "Cardiology - Electrophysiology",
    short: "Electrophysiology",
    waitingFor: "a cardiac electrophysiology study",
  },
  {
    diagnosticId: 9,
    slug: "neurophysiology",
    name: "Neurophysiology - Peripheral Neurophysiology",
    short: "Neurophysiology",
    waitingFor: "a peripheral neurophysiology test",
  },
  {
    diagnosticId: 10,
    slug: "sleep_studies",
    name: "Respiratory physiology - Sleep Studies",
    short: "Sleep studies",
    waitingFor: "a respiratory sleep study",
  },
  {
    diagnosticId: 11,
    slug: "urodynamics",
    name: "Urodynamics - Pressures & Flows",
    short: "Urodynamics",
    waitingFor: "a urodynamics (pressures and flows) test",
  },
  {
    diagnosticId: 12,
    slug: "colonoscopy",
    name: "Colonoscopy",
    short: "Colonoscopy",
    waitingFor: "a colonoscopy",
  },
  {
    diagnosticId: 13,
    slug: "flexi_sigmoidoscopy",
    name: "Flexi Sigmoidoscopy",
    short: "Flexi sigmoidoscopy",
    waitingFor: "a flexible sigmoidoscopy",
  },
  {
    diagnosticId: 14,
    slug: "cystoscopy",
    name: "Cystoscopy",
    short: "Cystoscopy",
    waitingFor: "a cystoscopy",
  },
  {
    diagnosticId: 15,
    slug: "gastroscopy",
    name: "Gastroscopy",
    short: "Gastroscopy",
    waitingFor: "a gastroscopy",
  },
] as const;

export type Dm01Test = (typeof dm01Tests)[number];

/** The per-test metric id of a DM01 test. */
export const dm01TestMetricId = <T extends Dm01Test>(test: T): `diag_6wk_pct_${T["slug"]}` =>
  `diag_6wk_pct_${test.slug}`;
