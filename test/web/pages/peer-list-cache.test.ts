// Issue 14: pages were cached under the raw `?peers=` text, so every ordering or repetition of
// the same organisations made a new entry. Equivalent lists now share one.
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../../src/metrics/organisations.js";
import { appWith, directoryOf, emptyDashboard, noReference, trust } from "./fakes.js";

const peer1: Organisation = { ...trust, orgCode: "RYY", name: "Peer One" };
const peer2: Organisation = { ...trust, orgCode: "RZZ", name: "Peer Two" };

describe("pages compared with an ad hoc list of organisations", () => {
  it("build once for every ordering and repetition of the same list, given in canonical form", async () => {
    const asked: (string | undefined)[] = [];
    const app = await appWith({
      directory: {
        ...directoryOf([trust, peer1, peer2]),
        organisationReference: async () => noReference,
        customPeerGroups: async () => [],
      },
      analytics: {
        organisationDashboard: async (_code, peers) => {
          asked.push(peers);
          return emptyDashboard(trust);
        },
      },
    });
    for (const peers of ["orgs:RZZ,RYY", "orgs:RYY,RZZ", "orgs:ryy,RZZ,RYY", "orgs:RZZ,RZZ,RYY"]) {
      const res = await app.inject(`/org/RXX?peers=${peers}`);
      expect(res.statusCode, peers).toBe(200);
    }
    expect(asked).toEqual(["orgs:RYY,RZZ"]);
  });
});
