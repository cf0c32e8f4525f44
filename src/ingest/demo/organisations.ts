/**
 * Fictional organisations for the demo. Codes are "ZZ" + 3 digits: real ODS trust codes are
 * R + 2 characters (RXX) or 5-character codes of other patterns, and no real code starts with ZZ,
 * so a demo organisation can never be mistaken for (or collide with) a real one. They sit in real
 * regions and real ICBs, so the real learning and improvement networks get demo members.
 */
import {
  icbs,
  midlandsFootprintOfIcb,
  regions,
  type IcbDefinition,
} from "../../metrics/networks.js";
import type { ProviderKind } from "../../metrics/organisations.js";
import { Random, mix } from "../../stats/random.js";

export type DemoOrganisationKind = ProviderKind;

export interface DemoOrganisation {
  orgCode: string;
  name: string;
  kind: DemoOrganisationKind;
  regionCode: string;
  icbCode: string;
  openDate: string;
  closeDate: string | null;
  successorCode: string | null;
}

/** Per-organisation traits the value model uses; not stored. */
export interface DemoTraits {
  /** Relative size: denominators scale with it (1 ≈ a medium district general hospital). */
  size: number;
  /** 0 (struggling) to 1 (strong): nudges every directional metric the same way, as in real life. */
  quality: number;
}

export const maxDemoOrganisations = 999;

const places = [
  "Northmoor",
  "Ashcombe",
  "Brackenridge",
  "Calderwick",
  "Dunmore",
  "Elmsford",
  "Fernhollow",
  "Greystone",
  "Harrowdale",
  "Ivybridge Cross",
  "Kestrel",
  "Larkspur",
  "Merrowfield",
  "Nethercott",
  "Oakhaven",
  "Penhallow",
  "Queensmere",
  "Ravensworth",
  "Saltmarsh",
  "Thornbury Vale",
  "Upperwick",
  "Wexcombe",
  "Yarrowby",
  "Whinmoor",
  "Coldharbour",
];
const landscapes = [
  "Valley",
  "Downs",
  "Coast",
  "Forest",
  "Heath",
  "Moors",
  "Lakes",
  "Marches",
  "Weald",
  "Fens",
  "Dales",
  "Borders",
  "Estuary",
  "Hills",
  "Levels",
  "Wolds",
];
const suffixes: Record<DemoOrganisationKind, readonly string[]> = {
  acute_trust: [
    "Hospitals NHS Trust",
    "University Hospitals NHS Foundation Trust",
    "Teaching Hospitals NHS Foundation Trust",
    "Healthcare NHS Trust",
  ],
  ambulance_trust: ["Ambulance Service NHS Trust"],
  community_trust: ["Community Health Services NHS Trust"],
  mental_health_trust: ["Mental Health NHS Foundation Trust", "Partnership NHS Foundation Trust"],
};
const openDates = [
  "1994-04-01",
  "2001-04-01",
  "2004-04-01",
  "2008-10-01",
  "2012-04-01",
  "2017-10-01",
];

/** Mostly acute trusts; from 10 organisations on, one in 25 each ambulance, mental health, community. */
function kindAt(index: number, count: number): DemoOrganisationKind {
  if (count < 10) return "acute_trust";
  switch (index % 25) {
    case 7:
      return "ambulance_trust";
    case 13:
      return "mental_health_trust";
    case 19:
      return "community_trust";
    default:
      return "acute_trust";
  }
}

/**
 * ICBs in an order that spreads organisations over all 7 regions first (and alternates the West
 * and East Midlands), so even a small demo gives every network members.
 */
function icbRotation(): IcbDefinition[] {
  const perRegion = regions.map((r) => {
    const own = icbs.filter((i) => i.regionCode === r.regionCode);
    if (r.regionCode !== "Y60") return own;
    const west = own.filter((i) => midlandsFootprintOfIcb(i.icbCode) === "west_midlands");
    const east = own.filter((i) => midlandsFootprintOfIcb(i.icbCode) === "east_midlands");
    return west
      .flatMap((w, k) => [w, ...(east[k] ? [east[k]] : [])])
      .concat(east.slice(west.length));
  });
  const order: IcbDefinition[] = [];
  for (let round = 0; order.length < icbs.length; round++) {
    for (const list of perRegion) {
      const icb = list[round];
      if (icb) order.push(icb);
    }
  }
  return order;
}

export function demoOrgCode(index: number): string {
  return `ZZ${String(index + 1).padStart(3, "0")}`;
}

/**
 * Generates `count` organisations. `closeMonth` is the first month in which one or two acute
 * trusts are closed (merged into a neighbour in the same ICB or region, recorded as successor).
 */
export function generateOrganisations(
  count: number,
  seed: number,
  closeMonth: string | null,
): { organisations: DemoOrganisation[]; traits: DemoTraits[] } {
  if (!Number.isInteger(count) || count < 1 || count > maxDemoOrganisations) {
    throw new RangeError(`demo organisations must be 1–${maxDemoOrganisations}, got ${count}`);
  }
  const random = new Random(mix(seed, 0x0a9c));
  const placeOrder = random.shuffle(places);
  const landscapeOrder = random.shuffle(landscapes);
  const rotation = icbRotation();
  const organisations: DemoOrganisation[] = [];
  const traits: DemoTraits[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kindAt(i, count);
    const icb = rotation[i % rotation.length]!;
    const place = placeOrder[i % placeOrder.length]!;
    // 25 places and 16 landscapes are coprime, so (place, landscape) repeats only after 400 names.
    const landscape = landscapeOrder[i % landscapeOrder.length]!;
    const cycle = Math.floor(i / (placeOrder.length * landscapeOrder.length));
    const suffix = random.pick(suffixes[kind]);
    organisations.push({
      orgCode: demoOrgCode(i),
      name: `${place} ${landscape}${cycle > 0 ? ` ${cycle + 1}` : ""} ${suffix} (demo)`,
      kind,
      regionCode: icb.regionCode,
      icbCode: icb.icbCode,
      openDate: random.pick(openDates),
      closeDate: null,
      successorCode: null,
    });
    // Sizes are skewed like real trusts: many medium, a few very large.
    const size = Math.min(1.7, Math.max(0.5, Math.exp(0.3 * random.normal())));
    traits.push({ size, quality: random.next() });
  }
  if (closeMonth !== null) closeSome(organisations, count >= 20 ? 2 : 1, closeMonth);
  return { organisations, traits };
}

/** ODS close dates are the last day open. */
function dayBefore(month: string): string {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

/** Closes the last acute trust(s), merged into an open acute trust of the same ICB, else the same region. */
function closeSome(organisations: DemoOrganisation[], howMany: number, closeMonth: string): void {
  let closed = 0;
  for (let i = organisations.length - 1; i >= 0 && closed < howMany; i--) {
    const org = organisations[i]!;
    if (org.kind !== "acute_trust" || organisations.some((o) => o.successorCode === org.orgCode))
      continue;
    const candidates = organisations.filter(
      (o) =>
        o !== org &&
        o.kind === "acute_trust" &&
        o.regionCode === org.regionCode &&
        o.closeDate === null,
    );
    const successor = candidates.find((o) => o.icbCode === org.icbCode) ?? candidates[0];
    if (!successor) continue;
    org.closeDate = dayBefore(closeMonth);
    org.successorCode = successor.orgCode;
    closed++;
  }
}
