/**
 * The 16 learning and improvement networks (LINs) of NHS England letter PRN01435, Annex A, and the
 * geography they sit on: the 7 NHS England regions and the 42 integrated care boards (ICBs).
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

export type RegionCode = "Y56" | "Y58" | "Y59" | "Y60" | "Y61" | "Y62" | "Y63";
export type NetworkFootprint = "region" | "west_midlands" | "east_midlands";
export type NetworkFocus = "uec" | "elective" | "both";

export interface RegionDefinition {
  regionCode: RegionCode;
  name: string;
}

export interface IcbDefinition {
  /** ODS code (Q + 2 characters), as used by organisations.icb_code. */
  icbCode: string;
  /** ONS code (E54…). */
  onsCode: string;
  name: string;
  regionCode: RegionCode;
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

/** The 7 NHS England regions (ODS codes). */
export const regions: readonly RegionDefinition[] = [
  { regionCode: "Y56", name: "London" },
  { regionCode: "Y58", name: "South West" },
  { regionCode: "Y59", name: "South East" },
  { regionCode: "Y60", name: "Midlands" },
  { regionCode: "Y61", name: "East of England" },
  { regionCode: "Y62", name: "North West" },
  { regionCode: "Y63", name: "North East and Yorkshire" },
];

/**
 * The 42 ICBs (ONS "ICB names and codes, December 2024"), with the region each belongs to
 * (from the ODS trust file's region and ICB columns).
 */
export const icbs: readonly IcbDefinition[] = [
  {
    icbCode: "QMF",
    onsCode: "E54000029",
    name: "NHS North East London Integrated Care Board",
    regionCode: "Y56",
  },
  {
    icbCode: "QMJ",
    onsCode: "E54000028",
    name: "NHS North Central London Integrated Care Board",
    regionCode: "Y56",
  },
  {
    icbCode: "QRV",
    onsCode: "E54000027",
    name: "NHS North West London Integrated Care Board",
    regionCode: "Y56",
  },
  {
    icbCode: "QKK",
    onsCode: "E54000030",
    name: "NHS South East London Integrated Care Board",
    regionCode: "Y56",
  },
  {
    icbCode: "QWE",
    onsCode: "E54000031",
    name: "NHS South West London Integrated Care Board",
    regionCode: "Y56",
  },
  {
    icbCode: "QT6",
    onsCode: "E54000036",
    name: "NHS Cornwall and the Isles of Scilly Integrated Care Board",
    regionCode: "Y58",
  },
  {
    icbCode: "QJK",
    onsCode: "E54000037",
    name: "NHS Devon Integrated Care Board",
    regionCode: "Y58",
  },
  {
    icbCode: "QSL",
    onsCode: "E54000038",
    name: "NHS Somerset Integrated Care Board",
    regionCode: "Y58",
  },
  {
    icbCode: "QUY",
    onsCode: "E54000039",
    name: "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board",
    regionCode: "Y58",
  },
  {
    icbCode: "QOX",
    onsCode: "E54000040",
    name: "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board",
    regionCode: "Y58",
  },
  {
    icbCode: "QVV",
    onsCode: "E54000041",
    name: "NHS Dorset Integrated Care Board",
    regionCode: "Y58",
  },
  {
    icbCode: "QR1",
    onsCode: "E54000043",
    name: "NHS Gloucestershire Integrated Care Board",
    regionCode: "Y58",
  },
  {
    icbCode: "QKS",
    onsCode: "E54000032",
    name: "NHS Kent and Medway Integrated Care Board",
    regionCode: "Y59",
  },
  {
    icbCode: "QNQ",
    onsCode: "E54000034",
    name: "NHS Frimley Integrated Care Board",
    regionCode: "Y59",
  },
  {
    icbCode: "QRL",
    onsCode: "E54000042",
    name: "NHS Hampshire and Isle of Wight Integrated Care Board",
    regionCode: "Y59",
  },
  {
    icbCode: "QU9",
    onsCode: "E54000044",
    name: "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
    regionCode: "Y59",
  },
  {
    icbCode: "QXU",
    onsCode: "E54000063",
    name: "NHS Surrey Heartlands Integrated Care Board",
    regionCode: "Y59",
  },
  {
    icbCode: "QNX",
    onsCode: "E54000064",
    name: "NHS Sussex Integrated Care Board",
    regionCode: "Y59",
  },
  {
    icbCode: "QHL",
    onsCode: "E54000055",
    name: "NHS Birmingham and Solihull Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QUA",
    onsCode: "E54000062",
    name: "NHS Black Country Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QWU",
    onsCode: "E54000018",
    name: "NHS Coventry and Warwickshire Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QGH",
    onsCode: "E54000019",
    name: "NHS Herefordshire and Worcestershire Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QOC",
    onsCode: "E54000011",
    name: "NHS Shropshire, Telford and Wrekin Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QNC",
    onsCode: "E54000010",
    name: "NHS Staffordshire and Stoke-on-Trent Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QJ2",
    onsCode: "E54000058",
    name: "NHS Derby and Derbyshire Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QK1",
    onsCode: "E54000015",
    name: "NHS Leicester, Leicestershire and Rutland Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QJM",
    onsCode: "E54000013",
    name: "NHS Lincolnshire Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QPM",
    onsCode: "E54000059",
    name: "NHS Northamptonshire Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QT1",
    onsCode: "E54000060",
    name: "NHS Nottingham and Nottinghamshire Integrated Care Board",
    regionCode: "Y60",
  },
  {
    icbCode: "QUE",
    onsCode: "E54000056",
    name: "NHS Cambridgeshire and Peterborough Integrated Care Board",
    regionCode: "Y61",
  },
  {
    icbCode: "QHG",
    onsCode: "E54000024",
    name: "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board",
    regionCode: "Y61",
  },
  {
    icbCode: "QM7",
    onsCode: "E54000025",
    name: "NHS Hertfordshire and West Essex Integrated Care Board",
    regionCode: "Y61",
  },
  {
    icbCode: "QH8",
    onsCode: "E54000026",
    name: "NHS Mid and South Essex Integrated Care Board",
    regionCode: "Y61",
  },
  {
    icbCode: "QMM",
    onsCode: "E54000022",
    name: "NHS Norfolk and Waveney Integrated Care Board",
    regionCode: "Y61",
  },
  {
    icbCode: "QJG",
    onsCode: "E54000023",
    name: "NHS Suffolk and North East Essex Integrated Care Board",
    regionCode: "Y61",
  },
  {
    icbCode: "QYG",
    onsCode: "E54000008",
    name: "NHS Cheshire and Merseyside Integrated Care Board",
    regionCode: "Y62",
  },
  {
    icbCode: "QOP",
    onsCode: "E54000057",
    name: "NHS Greater Manchester Integrated Care Board",
    regionCode: "Y62",
  },
  {
    icbCode: "QE1",
    onsCode: "E54000048",
    name: "NHS Lancashire and South Cumbria Integrated Care Board",
    regionCode: "Y62",
  },
  {
    icbCode: "QHM",
    onsCode: "E54000050",
    name: "NHS North East and North Cumbria Integrated Care Board",
    regionCode: "Y63",
  },
  {
    icbCode: "QOQ",
    onsCode: "E54000051",
    name: "NHS Humber and North Yorkshire Integrated Care Board",
    regionCode: "Y63",
  },
  {
    icbCode: "QF7",
    onsCode: "E54000061",
    name: "NHS South Yorkshire Integrated Care Board",
    regionCode: "Y63",
  },
  {
    icbCode: "QWO",
    onsCode: "E54000054",
    name: "NHS West Yorkshire Integrated Care Board",
    regionCode: "Y63",
  },
];

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

export function getNetwork(networkId: string): NetworkDefinition | undefined {
  return networks.find((n) => n.id === networkId);
}

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
