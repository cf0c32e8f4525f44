/**
 * Version numbers: "major.minor", compared as numbers ("1.10" is after "1.9").
 *
 * @example compareVersions("1.9", "1.10") < 0; nextVersions("1.1") → ["1.2", "2.0"]
 */
export function parseVersion(version: string): [number, number] {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`not a version number: ${version}`);
  return [Number(m[1]), Number(m[2])];
}

export function compareVersions(a: string, b: string): number {
  const [am, an] = parseVersion(a);
  const [bm, bn] = parseVersion(b);
  return am !== bm ? am - bm : an - bn;
}

/** The numbers a version after `latest` may take: the next minor and the next major. */
export function nextVersions(latest: string): [string, string] {
  const [major, minor] = parseVersion(latest);
  return [`${major}.${minor + 1}`, `${major + 1}.0`];
}
