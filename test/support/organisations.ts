/** An open acute trust in London for hand-made analytics stores ("Trust A"), with overrides. */
import type { Organisation } from "../../src/metrics/organisations.js";

export function trustFixture(code: string, overrides: Partial<Organisation> = {}): Organisation {
  return {
    orgCode: code,
    name: `Trust ${code}`,
    kind: "acute_trust",
    subtype: null,
    kindSource: "list",
    regionCode: "Y56",
    icbCode: null,
    closeDate: null,
    successorCode: null,
    synthetic: false,
    ...overrides,
  };
}
