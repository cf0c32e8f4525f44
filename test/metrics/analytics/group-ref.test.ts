/**
 * Every group-reference form: parsed, written back (round trip) and refused with a clear error
 * when malformed (src/metrics/group-ref.ts).
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors.js";
import {
  canonicalGroupRef,
  formatGroupRef,
  isAdHocGroup,
  parseGroupRef,
  type GroupRef,
} from "../../../src/metrics/group-ref.js";

const forms: [text: string, ref: GroupRef][] = [
  ["england", { kind: "england" }],
  ["geo-region:Y56", { kind: "region", regionCode: "Y56" }],
  ["geo-icb:QMF", { kind: "icb", icbCode: "QMF" }],
  ["network:north-east-uec", { kind: "network", networkId: "north-east-uec" }],
  ["kind:ambulance_trust", { kind: "org_kind", orgKind: "ambulance_trust" }],
  ["recommended:RJ1", { kind: "recommended", orgCode: "RJ1" }],
  ["orgs:RJ1,RYJ,R1H", { kind: "orgs", orgCodes: ["RJ1", "RYJ", "R1H"] }],
  ["acute", { kind: "peer_group", peerGroupId: "acute" }],
  ["region-Y56", { kind: "peer_group", peerGroupId: "region-Y56" }],
  ["icb-QMF", { kind: "peer_group", peerGroupId: "icb-QMF" }],
  ["network-north-east-uec", { kind: "peer_group", peerGroupId: "network-north-east-uec" }],
  ["custom-my-list", { kind: "peer_group", peerGroupId: "custom-my-list" }],
  // A trust's NHS Trust Peer Finder group, imported (decision 0010).
  ["peer-finder-R0A", { kind: "peer_group", peerGroupId: "peer-finder-R0A" }],
];

describe("group references", () => {
  it.each(forms)("%s parses and is written back unchanged", (text, ref) => {
    expect(parseGroupRef(text)).toEqual(ref);
    expect(formatGroupRef(ref)).toBe(text);
    expect(parseGroupRef(formatGroupRef(ref))).toEqual(ref);
  });

  it("normalises organisation codes as the service looks them up", () => {
    expect(parseGroupRef("recommended: rj1 ")).toEqual({ kind: "recommended", orgCode: "RJ1" });
    expect(parseGroupRef("orgs:rj1, ryj ,,")).toEqual({ kind: "orgs", orgCodes: ["RJ1", "RYJ"] });
    expect(formatGroupRef(parseGroupRef("orgs:rj1, ryj ,,"))).toBe("orgs:RJ1,RYJ");
  });

  it.each([
    ["", /Unknown group ""/],
    ["All acute", /Unknown group "All acute"/],
    ["region:Y56", /Unknown group "region:Y56".*geo-region:<code>/],
    ["kind:", /names no organisation kind \(write kind:<organisation kind>\)/],
    ["kind:trusts", /"trusts" is not an organisation kind \(one of country, region, icb/],
    ["geo-region:", /names no region code/],
    ["geo-icb: ", /names no ICB code/],
    ["network:", /names no network id/],
    ["recommended:", /names no organisation code/],
    ["orgs:", /names no organisations \(write orgs:A,B,…\)/],
    ["orgs: , ,", /names no organisations/],
  ])("refuses %j with a UsageError", (text, message) => {
    expect(() => parseGroupRef(text)).toThrow(UsageError);
    expect(() => parseGroupRef(text)).toThrow(message);
  });
});

describe("canonical group references (issue 14: equivalent URLs share one cache entry)", () => {
  it("sorts and de-duplicates an ad hoc list; other forms are written as parsed", () => {
    expect(canonicalGroupRef("orgs:ryj,RJ1, RYJ,R1H")).toBe("orgs:R1H,RJ1,RYJ");
    expect(canonicalGroupRef("orgs:RJ1,RYJ")).toBe(canonicalGroupRef("orgs:RYJ,RJ1,RJ1"));
    expect(canonicalGroupRef("recommended: rj1")).toBe("recommended:RJ1");
    expect(canonicalGroupRef("acute")).toBe("acute");
    expect(() => canonicalGroupRef("orgs:")).toThrow(UsageError);
    expect(isAdHocGroup("orgs:RJ1")).toBe(true);
    expect(isAdHocGroup("acute")).toBe(false);
    expect(isAdHocGroup(undefined)).toBe(false);
  });
});
