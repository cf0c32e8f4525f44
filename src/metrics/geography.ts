/**
 * The fixed geography of the NHS in England: the 7 NHS England regions (ODS Y56–Y63) and the 42
 * integrated care boards (ODS Q-codes with their ONS E54 codes), as at December 2024. Source: ONS
 * Open Geography "ICB names and codes (Dec 2024)" and ODS (OGL v3). Each ICB's region is the one
 * ODS gives its trusts.
 */

export type RegionCode = "Y56" | "Y58" | "Y59" | "Y60" | "Y61" | "Y62" | "Y63";

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

const regionByCode = new Map<string, RegionDefinition>(regions.map((r) => [r.regionCode, r]));
const icbByCode = new Map<string, IcbDefinition>(icbs.map((i) => [i.icbCode, i]));

export const regionName = (code: string): string | undefined => regionByCode.get(code)?.name;
export const icbByOdsCode = (code: string): IcbDefinition | undefined => icbByCode.get(code);

/** "North East London" from "NHS North East London Integrated Care Board". */
export const icbShortName = (icb: Pick<IcbDefinition, "name">): string =>
  icb.name.replace(/^NHS /, "").replace(/ Integrated Care Board$/, "");
