/**
 * The publications values come from, and which one is shown when several give the same
 * organisation, metric and period (lowest precedence number wins). Official monthly statistics
 * beat derived and cleaned copies, which beat snapshots and the synthetic demo; an
 * organisation's own tidy upload comes after the official figures. docs/data-sources.md explains
 * each choice.
 */
export interface SourceInfo {
  source: string;
  title: string;
  precedence: number;
}

export const sourcePrecedence: readonly SourceInfo[] = [
  { source: "tidy", title: "Tidy upload (an organisation's own data)", precedence: 90 },
  { source: "demo", title: "Synthetic demo data", precedence: 1000 },
];
