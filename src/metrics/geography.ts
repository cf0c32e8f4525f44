/**
 * The fixed geography of the NHS in England: the 7 NHS England regions (ODS Y56–Y63) and the 42
 * integrated care boards (ODS Q-codes with their ONS E54 codes), as at December 2024. Source: ONS
 * Open Geography "ICB names and codes (Dec 2024)" and ODS (OGL v3). Each ICB's region is the one
 * ODS gives its trusts.
 */

export interface Region {
  regionCode: string;
  name: string;
}

export interface Icb {
  icbCode: string;
  onsCode: string;
  name: string;
  regionCode: string;
}

export const regions: readonly Region[] = [
  { regionCode: "Y56", name: "London" },
  { regionCode: "Y58", name: "South West" },
  { regionCode: "Y59", name: "South East" },
  { regionCode: "Y60", name: "Midlands" },
  { regionCode: "Y61", name: "East of England" },
  { regionCode: "Y62", name: "North West" },
  { regionCode: "Y63", name: "North East and Yorkshire" },
];

const icbRows: readonly [string, string, string, string][] = [
  ["QE1", "E54000048", "Lancashire and South Cumbria", "Y62"],
  ["QF7", "E54000061", "South Yorkshire", "Y63"],
  ["QGH", "E54000019", "Herefordshire and Worcestershire", "Y60"],
  ["QH8", "E54000026", "Mid and South Essex", "Y61"],
  ["QHG", "E54000024", "Bedfordshire, Luton and Milton Keynes", "Y61"],
  ["QHL", "E54000055", "Birmingham and Solihull", "Y60"],
  ["QHM", "E54000050", "North East and North Cumbria", "Y63"],
  ["QJ2", "E54000058", "Derby and Derbyshire", "Y60"],
  ["QJG", "E54000023", "Suffolk and North East Essex", "Y61"],
  ["QJK", "E54000037", "Devon", "Y58"],
  ["QJM", "E54000013", "Lincolnshire", "Y60"],
  ["QK1", "E54000015", "Leicester, Leicestershire and Rutland", "Y60"],
  ["QKK", "E54000030", "South East London", "Y56"],
  ["QKS", "E54000032", "Kent and Medway", "Y59"],
  ["QM7", "E54000025", "Hertfordshire and West Essex", "Y61"],
  ["QMF", "E54000029", "North East London", "Y56"],
  ["QMJ", "E54000028", "North Central London", "Y56"],
  ["QMM", "E54000022", "Norfolk and Waveney", "Y61"],
  ["QNC", "E54000010", "Staffordshire and Stoke-on-Trent", "Y60"],
  ["QNQ", "E54000034", "Frimley", "Y59"],
  ["QNX", "E54000064", "Sussex", "Y59"],
  ["QOC", "E54000011", "Shropshire, Telford and Wrekin", "Y60"],
  ["QOP", "E54000057", "Greater Manchester", "Y62"],
  ["QOQ", "E54000051", "Humber and North Yorkshire", "Y63"],
  ["QOX", "E54000040", "Bath and North East Somerset, Swindon and Wiltshire", "Y58"],
  ["QPM", "E54000059", "Northamptonshire", "Y60"],
  ["QR1", "E54000043", "Gloucestershire", "Y58"],
  ["QRL", "E54000042", "Hampshire and Isle of Wight", "Y59"],
  ["QRV", "E54000027", "North West London", "Y56"],
  ["QSL", "E54000038", "Somerset", "Y58"],
  ["QT1", "E54000060", "Nottingham and Nottinghamshire", "Y60"],
  ["QT6", "E54000036", "Cornwall and the Isles of Scilly", "Y58"],
  ["QU9", "E54000044", "Buckinghamshire, Oxfordshire and Berkshire West", "Y59"],
  ["QUA", "E54000062", "Black Country", "Y60"],
  ["QUE", "E54000056", "Cambridgeshire and Peterborough", "Y61"],
  ["QUY", "E54000039", "Bristol, North Somerset and South Gloucestershire", "Y58"],
  ["QVV", "E54000041", "Dorset", "Y58"],
  ["QWE", "E54000031", "South West London", "Y56"],
  ["QWO", "E54000054", "West Yorkshire", "Y63"],
  ["QWU", "E54000018", "Coventry and Warwickshire", "Y60"],
  ["QXU", "E54000063", "Surrey Heartlands", "Y59"],
  ["QYG", "E54000008", "Cheshire and Merseyside", "Y62"],
];

export const icbs: readonly Icb[] = icbRows.map(([icbCode, onsCode, name, regionCode]) => ({
  icbCode,
  onsCode,
  name,
  regionCode,
}));

const regionByCode = new Map(regions.map((r) => [r.regionCode, r]));
const icbByCode = new Map(icbs.map((i) => [i.icbCode, i]));

export const regionName = (code: string): string | undefined => regionByCode.get(code)?.name;
export const icbByOdsCode = (code: string): Icb | undefined => icbByCode.get(code);
