/**
 * The 16 learning and improvement networks (LINs) of NHS England letter PRN01435, Annex A, and the
 * geography they sit on: the 7 NHS England regions and the 42 integrated care boards (ICBs).
 *
 * The regions and ICBs themselves are in geography.ts (re-exported here).
 *
 * Annex A gives, per region, a number of networks, a footprint, leads and a focus. Where a region
 * has fewer lead rows than networks, each lead row with focus "UEC and Elective" stands for two
 * networks (one UEC, one elective) with the same lead(s):
 * - Midlands has 4 networks but two rows (West Midlands: Glen Burley; East Midlands: Richard
 *   Mitchell), each "UEC and Elective": so a UEC and an elective network per footprint.
 * - North East and Yorkshire has 2 networks, both leads marked "UEC and Elective*": the footnote
 *   says the two chief executives will initially work together on both networks, so both leads
 *   are recorded on both networks, with the footnote as `note`.
 * docs/networks.md explains this and the Midlands footprint rule.
 */
import { icbs, regions, type IcbDefinition, type RegionCode } from "./geography.js";

export { icbs, regions, type IcbDefinition, type RegionCode };

export type NetworkFootprint = "region" | "west_midlands" | "east_midlands";
export type NetworkFocus = "uec" | "elective" | "both";

/** How a network's focus reads on its pages. */
export const networkFocusLabel: Readonly<Record<NetworkFocus, string>> = {
  uec: "Urgent and emergency care",
  elective: "Elective care",
  both: "Urgent and emergency care, and elective care",
};

/** A stored focus as a NetworkFocus; an unknown one is a schema drift (a bug), thrown. */
export function parseNetworkFocus(text: string): NetworkFocus {
  if (!Object.hasOwn(networkFocusLabel, text)) throw new Error(`unknown network focus "${text}"`);
  return text as NetworkFocus;
}

/** How a network's footprint reads on its pages. */
export const networkFootprintLabel: Readonly<Record<NetworkFootprint, string>> = {
  region: "Region-wide",
  west_midlands: "West Midlands",
  east_midlands: "East Midlands",
};

/** A stored footprint as a NetworkFootprint; an unknown one is a schema drift (a bug), thrown. */
export function parseNetworkFootprint(text: string): NetworkFootprint {
  if (!Object.hasOwn(networkFootprintLabel, text))
    throw new Error(`unknown network footprint "${text}"`);
  return text as NetworkFootprint;
}

export interface NetworkLead {
  name: string;
  /** The lead's organisation(s), spelt exactly as in Annex A. */
  organisations: string[];
}

export interface NetworkDefinition {
  /** Slug, stable: stored as networks.network_id. */
  id: string;
  name: string;
  regionCode: RegionCode;
  footprint: NetworkFootprint;
  focus: NetworkFocus;
  leads: NetworkLead[];
  note?: string;
}

/**
 * The Midlands region (Y60) split between the West and East Midlands networks, by ICB. The annex
 * names the footprints but not their boundaries; these follow the former West and East Midlands
 * regions, matching where the annex's lead organisations sit (George Eliot and South Warwickshire
 * in Coventry and Warwickshire, Worcestershire Acute and Wye Valley in Herefordshire and
 * Worcestershire; Leicester in LLR, Northamptonshire in Northamptonshire).
 */
const westMidlandsIcbs: ReadonlySet<string> = new Set(["QHL", "QUA", "QWU", "QGH", "QOC", "QNC"]);
const eastMidlandsIcbs: ReadonlySet<string> = new Set(["QJ2", "QK1", "QJM", "QPM", "QT1"]);

export function midlandsFootprintOfIcb(
  icbOdsCode: string,
): "west_midlands" | "east_midlands" | undefined {
  if (westMidlandsIcbs.has(icbOdsCode)) return "west_midlands";
  if (eastMidlandsIcbs.has(icbOdsCode)) return "east_midlands";
  return undefined;
}

const neyNote =
  "In North East and Yorkshire, the 2 lead chief executive officers will initially work together to support the mobilisation of both UEC and elective care networks, before confirming ongoing lead arrangements.";

const midlandsNote =
  'Annex A gives the Midlands 4 networks and one lead per footprint with focus "UEC and Elective": recorded as a UEC and an elective network for each of the West and East Midlands, with the same lead.';

const glenBurley: NetworkLead = {
  name: "Glen Burley",
  organisations: [
    "George Eliot Hospital NHS Trust",
    "South Warwickshire University NHS Foundation Trust",
    "Worcestershire Acute Hospitals NHS Trust",
    "Wye Valley NHS Trust",
  ],
};
/** Written "University Hospitals of Leicester NHS Trust/University Hospitals of Northamptonshire NHS Group" in the annex. */
const richardMitchell: NetworkLead = {
  name: "Richard Mitchell",
  organisations: [
    "University Hospitals of Leicester NHS Trust",
    "University Hospitals of Northamptonshire NHS Group",
  ],
};
const neyLeads = (): NetworkLead[] => [
  { name: "Birju Bartoli", organisations: ["Northumbria Healthcare NHS Foundation Trust"] },
  { name: "Phil Wood", organisations: ["Leeds Teaching Hospitals NHS Trust"] },
];
const lead = (name: string, organisation: string): NetworkLead[] => [
  { name, organisations: [organisation] },
];
const copy = (l: NetworkLead): NetworkLead[] => [
  { name: l.name, organisations: [...l.organisations] },
];

/** The 16 networks in Annex A order (region by region); the index is the display order. */
export const networks: readonly NetworkDefinition[] = [
  {
    id: "east-of-england-elective",
    name: "East of England elective care LIN",
    regionCode: "Y61",
    footprint: "region",
    focus: "elective",
    leads: lead("Adam Sewell-Jones", "East and North Hertfordshire NHS Trust"),
  },
  {
    id: "east-of-england-uec",
    name: "East of England urgent and emergency care LIN",
    regionCode: "Y61",
    footprint: "region",
    focus: "uec",
    leads: lead("Nick Hulme", "East Suffolk and North Essex NHS Foundation Trust"),
  },
  {
    id: "london-uec",
    name: "London urgent and emergency care LIN",
    regionCode: "Y56",
    footprint: "region",
    focus: "uec",
    leads: lead(
      "Matthew Trainer",
      "Barking, Havering and Redbridge University Hospitals NHS Trust",
    ),
  },
  {
    id: "london-elective",
    name: "London elective care LIN",
    regionCode: "Y56",
    footprint: "region",
    focus: "elective",
    leads: lead("Lesley Watts", "Chelsea and Westminster Hospital NHS Foundation Trust"),
  },
  {
    id: "west-midlands-uec",
    name: "West Midlands urgent and emergency care LIN",
    regionCode: "Y60",
    footprint: "west_midlands",
    focus: "uec",
    leads: copy(glenBurley),
    note: midlandsNote,
  },
  {
    id: "west-midlands-elective",
    name: "West Midlands elective care LIN",
    regionCode: "Y60",
    footprint: "west_midlands",
    focus: "elective",
    leads: copy(glenBurley),
    note: midlandsNote,
  },
  {
    id: "east-midlands-uec",
    name: "East Midlands urgent and emergency care LIN",
    regionCode: "Y60",
    footprint: "east_midlands",
    focus: "uec",
    leads: copy(richardMitchell),
    note: midlandsNote,
  },
  {
    id: "east-midlands-elective",
    name: "East Midlands elective care LIN",
    regionCode: "Y60",
    footprint: "east_midlands",
    focus: "elective",
    leads: copy(richardMitchell),
    note: midlandsNote,
  },
  {
    id: "north-east-and-yorkshire-uec",
    name: "North East and Yorkshire urgent and emergency care LIN",
    regionCode: "Y63",
    footprint: "region",
    focus: "uec",
    leads: neyLeads(),
    note: neyNote,
  },
  {
    id: "north-east-and-yorkshire-elective",
    name: "North East and Yorkshire elective care LIN",
    regionCode: "Y63",
    footprint: "region",
    focus: "elective",
    leads: neyLeads(),
    note: neyNote,
  },
  {
    id: "north-west-uec",
    name: "North West urgent and emergency care LIN",
    regionCode: "Y62",
    footprint: "region",
    focus: "uec",
    leads: lead("Aaron Cummins", "University Hospitals of Morecambe Bay NHS Foundation Trust"),
  },
  {
    id: "north-west-elective",
    name: "North West elective care LIN",
    regionCode: "Y62",
    footprint: "region",
    focus: "elective",
    leads: lead("Janelle Holmes", "Wirral University Teaching Hospital NHS Foundation Trust"),
  },
  {
    id: "south-east-elective",
    name: "South East elective care LIN",
    regionCode: "Y59",
    footprint: "region",
    focus: "elective",
    leads: lead("Louise Stead", "Royal Surrey County Hospital NHS Foundation Trust"),
  },
  {
    id: "south-east-uec",
    name: "South East urgent and emergency care LIN",
    regionCode: "Y59",
    footprint: "region",
    focus: "uec",
    leads: lead("Miles Scott", "Maidstone and Tunbridge Wells NHS Trust"),
  },
  {
    id: "south-west-uec",
    name: "South West urgent and emergency care LIN",
    regionCode: "Y58",
    footprint: "region",
    focus: "uec",
    leads: lead("Peter Lewis", "Somerset NHS Foundation Trust"),
  },
  {
    id: "south-west-elective",
    name: "South West elective care LIN",
    regionCode: "Y58",
    footprint: "region",
    focus: "elective",
    leads: lead("Siobhan Harrington", "University Hospitals Dorset NHS Foundation Trust"),
  },
];

/**
 * Is an organisation inside a network's footprint? Used to seed the default membership (open
 * trusts and ICBs of the footprint); people can add or remove members afterwards. For an ICB's
 * own row, pass its code as `icbCode`.
 */
export function networkFootprintContains(
  network: Pick<NetworkDefinition, "regionCode" | "footprint">,
  org: { regionCode: string | null | undefined; icbCode: string | null | undefined },
): boolean {
  if (org.regionCode !== network.regionCode) return false;
  if (network.footprint === "region") return true;
  return org.icbCode != null && midlandsFootprintOfIcb(org.icbCode) === network.footprint;
}
