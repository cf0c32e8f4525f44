/**
 * The API's second round over a demo database: /values across organisations and metrics (each
 * filter, keyset paging, CSV, ETag, 400s naming the parameter), built-in peer groups whose
 * references the analytics endpoints accept, comparison, funnel and opportunities, guides, and
 * learning and proposals answered by their services' read rules (nothing private leaks to an
 * anonymous caller or a stranger's token; a member's token sees its network's).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiAuthenticator } from "../../../src/web/api/caller.js";
import { composeServices, createAppFromDatabase } from "../../../src/web/compose.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";
import { N, NOW, writeWork, type WrittenWork } from "./written-work.js";

let t: TestDatabase;
let app: FastifyInstance;
let orgs: WrittenWork["orgs"];
let people: WrittenWork["people"];
let ids: WrittenWork["ids"];

interface Page<T> {
  data: T[];
  next: string | null;
}
interface Value {
  orgCode: string;
  metricId: string;
  period: string;
  value: number;
  source: string;
}

const tokens: Record<string, string> = { "member-token": "member", "stranger-token": "stranger" };
const authenticator: ApiAuthenticator = {
  authenticate: async (token) => {
    const name = tokens[token];
    return name ? { actor: people.get(name)!, tokenId: name.length } : null;
  },
};

beforeAll(async () => {
  t = await demoDatabase({ orgs: 12, months: 24, seed: 5 });
  ({ people, orgs, ids } = await writeWork(t));
  app = await createAppFromDatabase({
    db: t.db,
    pool: t.pool,
    now: () => NOW,
    api: {
      authenticator,
      limits: { anonymous: 100_000, token: 100_000, windowSeconds: 60 },
      validateResponses: true,
    },
  });
}, 180_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

const get = (url: string, token?: string, headers: Record<string, string> = {}) =>
  app.inject({
    url,
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

async function json<T>(url: string, token?: string): Promise<T> {
  const res = await get(url, token);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.json() as T;
}

async function walk<T>(url: string, limit: number, token?: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page<T> = await json<Page<T>>(
      `${url}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
      token,
    );
    expect(page.data.length).toBeLessThanOrEqual(limit);
    items.push(...page.data);
    cursor = page.next;
    pages++;
  } while (cursor !== null && pages < 2000);
  return items;
}

const keyOf = (v: Value) => `${v.orgCode}|${v.metricId}|${v.period}`;

/** A 400 whose first detail names `parameter` and, when given, the value sent. */
async function refused(url: string, parameter: string, value?: string) {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(400);
  const detail = res.json().error.details[0];
  expect(detail.parameter).toBe(parameter);
  if (value !== undefined) expect(detail.value).toBe(value);
  expect(res.json().error.message).toContain(parameter);
}

describe("GET /values across organisations and metrics", () => {
  it("filters by a list of organisations, a list of metrics, both, and a period range", async () => {
    const two = orgs.slice(0, 2);
    const byOrg = await walk<Value>(`/api/v1/values?orgCode=${two.join(",")}`, 1000);
    expect(byOrg.length).toBeGreaterThan(1000);
    expect(new Set(byOrg.map((v) => v.orgCode))).toEqual(new Set(two));
    expect(new Set(byOrg.map((v) => v.metricId)).size).toBeGreaterThan(1);
    const byMetric = await json<Page<Value>>(
      "/api/v1/values?metricId=ae_4hr_all,ae_4hr_type1&limit=1000",
    );
    expect(new Set(byMetric.data.map((v) => v.metricId))).toEqual(
      new Set(["ae_4hr_all", "ae_4hr_type1"]),
    );
    expect(new Set(byMetric.data.map((v) => v.orgCode)).size).toBeGreaterThan(2);
    const both = await json<Page<Value>>(
      `/api/v1/values?orgCode=${two.join(",")}&metricId=ae_4hr_all&limit=1000`,
    );
    expect(both.data.length).toBeGreaterThan(0);
    expect(both.data.every((v) => two.includes(v.orgCode) && v.metricId === "ae_4hr_all")).toBe(
      true,
    );
    const periods = [...new Set(both.data.map((v) => v.period))].sort();
    const from = periods[3]!;
    const to = periods[8]!;
    const ranged = await json<Page<Value>>(
      `/api/v1/values?orgCode=${two.join(",")}&metricId=ae_4hr_all&from=${from}&to=${to}`,
    );
    expect(ranged.data.length).toBe(
      both.data.filter((v) => v.period >= from && v.period <= to).length,
    );
    expect(ranged.data.every((v) => v.period >= from && v.period <= to)).toBe(true);
  });

  it("filters by the source as stored", async () => {
    const some = await json<Page<Value>>(`/api/v1/values?orgCode=${orgs[0]}&limit=50`);
    const source = some.data[0]!.source;
    const same = await json<Page<Value>>(
      `/api/v1/values?orgCode=${orgs[0]}&source=${source}&limit=1000`,
    );
    expect(same.data.length).toBeGreaterThan(0);
    expect(same.data.every((v) => v.source === source)).toBe(true);
    const none = await json<Page<Value>>(`/api/v1/values?orgCode=${orgs[0]}&source=no_such_source`);
    expect(none).toEqual({ data: [], next: null });
  });

  it("pages by key: every row once, in (orgCode, metricId, period) order", async () => {
    const url = "/api/v1/values?metricId=ae_4hr_all,ae_attendances_all";
    const all = await json<Page<Value>>(`${url}&limit=1000`);
    expect(all.next).toBeNull();
    expect(all.data.length).toBeGreaterThan(50);
    const walked = await walk<Value>(url, 17);
    expect(walked.map(keyOf)).toEqual(all.data.map(keyOf));
    expect(new Set(walked.map(keyOf)).size).toBe(walked.length);
    const sorted = [...walked.map(keyOf)].sort();
    expect(walked.map(keyOf)).toEqual(sorted);
  });

  it("answers CSV with ?format=csv and with Accept: text/csv", async () => {
    const url = `/api/v1/values?orgCode=${orgs[0]}&metricId=ae_4hr_all&limit=3`;
    for (const res of [
      await get(`${url}&format=csv`),
      await get(url, undefined, { accept: "text/csv" }),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/csv/);
      const lines = res.body.trim().split(/\r?\n/);
      expect(lines[0]).toBe(
        "orgCode,metricId,period,value,numerator,denominator,smallCount,source",
      );
      expect(lines).toHaveLength(4);
      expect(lines[1]!.startsWith(`${orgs[0]},ae_4hr_all,`)).toBe(true);
    }
  });

  it("sends an ETag that gets 304, public to anonymous callers", async () => {
    const url = `/api/v1/values?orgCode=${orgs[0]}&metricId=ae_4hr_all`;
    const first = await get(url);
    expect(first.headers["cache-control"]).toBe("public, max-age=60");
    const again = await get(url, undefined, { "if-none-match": String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    const other = await get(`${url}&from=2024-01-01`, undefined, {
      "if-none-match": String(first.headers.etag),
    });
    expect(other.statusCode).toBe(200);
  });

  it("refuses bad requests naming the parameter and the value", async () => {
    await refused("/api/v1/values?from=2024-01-01", "query.orgCode");
    await refused("/api/v1/values?orgCode=RXX,R!X", "query.orgCode", "RXX,R!X");
    await refused("/api/v1/values?metricId=AE-4hr", "query.metricId", "AE-4hr");
    await refused("/api/v1/values?metricId=ae_4hr_all&from=2024-13-45", "query.from", "2024-13-45");
    await refused(
      "/api/v1/values?metricId=ae_4hr_all&source=Bad%20Source",
      "query.source",
      "Bad Source",
    );
    await refused("/api/v1/values?metricId=ae_4hr_all&limit=1001", "query.limit", "1001");
    await refused("/api/v1/values?metricId=ae_4hr_all&cursor=abc", "query.cursor", "abc");
    await refused("/api/v1/values?metricId=ae_4hr_all&colour=red", "query");
    const many = Array.from({ length: 51 }, (_, i) => `R${i}`).join(",");
    await refused(`/api/v1/values?orgCode=${many}`, "query.orgCode");
    const unknown = await get("/api/v1/values?metricId=ae_4hr_all,no_such_metric");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain("no_such_metric");
  });
});

interface Group {
  peerGroupId: string;
  kind: string;
  name: string;
  groupRef: string;
}

describe("GET /peer-groups and the analytics endpoints", () => {
  it("lists the built-in groups with their group references, and filters by kind", async () => {
    const all = await json<Page<Group>>("/api/v1/peer-groups?limit=1000");
    const refs = all.data.map((g) => g.groupRef);
    expect(refs).toEqual(expect.arrayContaining(["england", "kind:acute_trust", `network:${N}`]));
    expect(all.data.some((g) => g.kind === "region" && g.groupRef.startsWith("geo-region:"))).toBe(
      true,
    );
    expect(all.data.some((g) => g.kind === "icb" && g.groupRef.startsWith("geo-icb:"))).toBe(true);
    const kinds = await json<Page<Group>>("/api/v1/peer-groups?kind=org_kind");
    expect(kinds.data.map((g) => g.groupRef).sort()).toEqual([
      "kind:acute_trust",
      "kind:ambulance_trust",
      "kind:community_trust",
      "kind:mental_health_trust",
    ]);
  });

  it("compares at a period against the peer group given, at the level given", async () => {
    const base = `/api/v1/organisations/${orgs[0]}/metrics/ae_4hr_all/comparison`;
    const latest = await json<{ period: string; level: number }>(base);
    const c = await json<{
      period: string;
      level: number;
      peers: { groupRef: string };
      comparisons: { benchmark: { kind: string } }[];
    }>(`${base}?peerGroup=england&level=99.8&period=${latest.period}`);
    expect(c.peers.groupRef).toBe("england");
    expect(c.level).toBe(99.8);
    expect(c.period).toBe(latest.period);
    expect(c.comparisons.length).toBeGreaterThan(0);
    await refused(`${base}?peerGroup=kind:castle`, "query.peerGroup", "kind:castle");
    await refused(`${base}?level=90`, "query.level", "90");
    const csv = await get(`${base}?format=csv`);
    expect(csv.body.split(/\r?\n/)[0]).toBe(
      "orgCode,metricId,period,value,benchmark,benchmarkValue,outcome,method,text",
    );
  });

  it("draws a funnel of the group given, with or without the overdispersion adjustment", async () => {
    const f = await json<{
      group: { groupRef: string };
      overdispersion: { requested: boolean; applied: boolean };
      points: unknown[];
    }>("/api/v1/metrics/ae_4hr_all/funnel?group=kind:acute_trust&overdispersion=false");
    expect(f.group.groupRef).toBe("kind:acute_trust");
    expect(f.overdispersion).toMatchObject({ requested: false, applied: false });
    expect(f.points.length).toBeGreaterThan(2);
    await refused("/api/v1/metrics/ae_4hr_all/funnel?overdispersion=maybe", "query.overdispersion");
  });

  it("lists opportunities against the benchmark given", async () => {
    const o = await json<{
      benchmark: string;
      peers: { groupRef: string };
      opportunities: unknown[];
    }>(
      `/api/v1/organisations/${orgs[0]}/opportunities?benchmark=median&peerGroup=kind:acute_trust`,
    );
    expect(o.benchmark).toBe("median");
    expect(o.peers.groupRef).toBe("kind:acute_trust");
    expect(o.opportunities.length).toBeGreaterThan(0);
  });
});

describe("guides", () => {
  it("lists guides, one in full, and its versions with changelogs and tracked metrics", async () => {
    const list = await json<Page<{ guideId: string }>>("/api/v1/guides");
    expect(list.data.map((g) => g.guideId)).toContain("test-flow");
    const guide = await json<{ version: string; sections: unknown[] }>("/api/v1/guides/test-flow");
    expect(guide.version).toBe("1.0");
    const versions = await json<{ data: { version: string; measures: { metricId: string }[] }[] }>(
      "/api/v1/guides/test-flow/versions",
    );
    expect(versions.data.map((v) => v.version)).toEqual(["1.0"]);
    expect(versions.data[0]!.measures.map((m) => m.metricId)).toContain("ae_4hr_all");
    expect((await get("/api/v1/guides/no-such-guide")).statusCode).toBe(404);
  });
});

interface PostOut {
  postId: number;
  title: string;
  visibility: string;
}

describe("learning, by the learning service's read rules", () => {
  it("shows anonymous callers public posts only, never a network's or a draft", async () => {
    const anon = await json<Page<PostOut>>("/api/v1/learning?limit=100");
    const seen = anon.data.map((p) => p.postId);
    expect(seen).toContain(ids.publicPost);
    expect(seen).not.toContain(ids.networkPost);
    expect(seen).not.toContain(ids.draftPost);
    expect(JSON.stringify(anon)).not.toContain("Private huddles");
    expect((await get(`/api/v1/learning/${ids.networkPost}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/learning/${ids.draftPost}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/learning/${ids.networkPost}`, "stranger-token")).statusCode).toBe(
      404,
    );
    const csv = await get("/api/v1/learning?format=csv");
    expect(csv.body).toContain("Public ward rounds");
    expect(csv.body).not.toContain("Private huddles");
  });

  it("shows a member's token its network's posts, privately", async () => {
    const res = await get("/api/v1/learning?limit=100", "member-token");
    expect(res.headers["cache-control"]).toBe("private, no-store");
    const seen = (res.json() as Page<PostOut>).data.map((p) => p.postId);
    expect(seen).toEqual(expect.arrayContaining([ids.publicPost, ids.networkPost]));
    const one = await get(`/api/v1/learning/${ids.networkPost}`, "member-token");
    expect(one.statusCode).toBe(200);
    expect(one.headers["cache-control"]).toBe("private, no-store");
  });

  it("filters as the /learning page does and pages newest first, each post once", async () => {
    const walked = await walk<PostOut>(`/api/v1/learning?network=${N}`, 1, "member-token");
    expect(walked.map((p) => p.postId)).toEqual([ids.networkPost, ids.publicPost]);
    const found = await json<Page<PostOut>>("/api/v1/learning?q=huddles", "member-token");
    expect(found.data.map((p) => p.postId)).toEqual([ids.networkPost]);
    const other = await json<Page<PostOut>>("/api/v1/learning?network=london-elective");
    expect(other.data).toEqual([]);
    const unlinked = await json<Page<PostOut>>("/api/v1/learning?verdict=none", "member-token");
    expect(unlinked.data).toEqual([]);
    await refused("/api/v1/learning?verdict=great", "query.verdict", "great");
  });

  it("answers 304 to an unchanged list, and a new ETag once a post is published", async () => {
    const first = await get("/api/v1/learning");
    const etag = String(first.headers.etag);
    expect((await get("/api/v1/learning", undefined, { "if-none-match": etag })).statusCode).toBe(
      304,
    );
    const services = composeServices({ db: t.db, pool: t.pool, now: () => NOW });
    const member = people.get("member")!;
    const post = await services.learning.create(member, N, {
      kind: "what_worked",
      title: "Later public post",
      body: "Published after the first answer.",
      orgCode: orgs[0]!,
      changeDate: "2024-09-01",
      ideas: [],
      metricIds: [],
      careSetting: "",
      visibility: "public",
    });
    await services.learning.publish(member, post.postId);
    const after = await get("/api/v1/learning", undefined, { "if-none-match": etag });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain("Later public post");
  });
});

describe("proposals, by the proposal service's read rules", () => {
  it("hides a draft from anonymous callers and strangers, and shows the approved one", async () => {
    const anon = await json<Page<{ proposalId: number; status: string }>>("/api/v1/proposals");
    expect(anon.data.map((p) => [p.proposalId, p.status])).toEqual([
      [ids.approvedProposal, "approved"],
      [ids.evaluatedProposal, "evaluated"],
    ]);
    expect((await get(`/api/v1/proposals/${ids.draftProposal}`)).statusCode).toBe(404);
    const stranger = await json<Page<{ proposalId: number }>>(
      "/api/v1/proposals",
      "stranger-token",
    );
    expect(stranger.data.map((p) => p.proposalId)).toEqual([
      ids.approvedProposal,
      ids.evaluatedProposal,
    ]);
  });

  it("shows a network member's token the draft, privately, with aim, measures and participants", async () => {
    const res = await get(`/api/v1/proposals/${ids.draftProposal}`, "member-token");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect(res.json()).toMatchObject({
      proposalId: ids.draftProposal,
      status: "draft",
      aim: "Raise the share of A&E patients seen within 4 hours.",
      measures: { primary: "ae_4hr_all", balancing: [] },
      participants: [...orgs.slice(0, 3)].sort(),
      evaluation: null,
    });
    const list = await json<Page<{ proposalId: number }>>(
      "/api/v1/proposals?status=draft",
      "member-token",
    );
    expect(list.data.map((p) => p.proposalId)).toEqual([ids.draftProposal]);
    await refused("/api/v1/proposals?status=secret", "query.status", "secret");
  });

  it("gives the evaluation's summary where one is recorded", async () => {
    const p = await json<{ evaluation: { measures: { metricId: string; role: string }[] } | null }>(
      `/api/v1/proposals/${ids.evaluatedProposal}`,
    );
    expect(p.evaluation?.measures.map((m) => [m.metricId, m.role])).toEqual([
      ["ae_4hr_all", "primary"],
    ]);
    const approved = await json<{ evaluation: unknown }>(
      `/api/v1/proposals/${ids.approvedProposal}`,
    );
    expect(approved.evaluation).toBeNull();
  });
});
