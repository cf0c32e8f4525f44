// Follows and notifications on a real database: following and unfollowing, who hears of an
// item, that nobody hears of an item they may not read, and email only when chosen.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, UserActor } from "../../src/accounts/actor.js";
import { createAuditor } from "../../src/accounts/audit.js";
import type { MailMessage } from "../../src/accounts/mail.js";
import { can } from "../../src/accounts/policy.js";
import type { Grant } from "../../src/accounts/roles.js";
import { InputError, NotFoundError } from "../../src/errors.js";
import { createFollowService, type FollowService } from "../../src/networks/follows/service.js";
import type { FollowedItem } from "../../src/networks/follows/types.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { createFollowStore } from "../../src/storage/follows-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const N = "london-uec";
const M = "south-west-uec";

let t: TestDatabase;
let follows: FollowService;
const mail: MailMessage[] = [];
const people: Record<string, UserActor> = {};

async function person(name: string, grants: Grant[]): Promise<UserActor> {
  const { rows } = await t.pool.query<{ user_id: string }>(
    `INSERT INTO users (email, display_name) VALUES ($1, $2) RETURNING user_id`,
    [`${name}@example.nhs.uk`, name],
  );
  const actor: UserActor = {
    kind: "user",
    userId: Number(rows[0]!.user_id),
    email: `${name}@example.nhs.uk`,
    displayName: name,
    grants,
  };
  people[name] = actor;
  return actor;
}

const member = (networkId: string): Grant => ({
  role: "network_member",
  scope: { kind: "network", networkId },
});

/** A learning post's reading rule: public to all, network-only to the network's readers. */
const post = (
  visibility: "public" | "network",
  over: Partial<FollowedItem> = {},
): FollowedItem => ({
  kind: "learning.published",
  networkId: N,
  topic: "Flow",
  summary: `A ${visibility} post`,
  href: "/learning/1",
  mayRead: (reader: Actor) =>
    visibility === "public" ||
    can(reader, "network.read_workspace", { kind: "network", networkId: N }),
  ...over,
});

const summaries = async (name: string) =>
  (await follows.notifications(people[name]!)).map((n) => n.summary);

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
  await person("memberN", [member(N)]);
  await person("memberM", [member(M)]);
  await person("outsider", []);
  await person("topicFan", []);
  await person("notFollowing", [member(N)]);
  follows = createFollowService({
    store: createFollowStore(t.db),
    actorFor: async (userId) =>
      Object.values(people).find((p) => p.userId === userId) ?? { kind: "anonymous" },
    outbox: { enqueue: async (m) => void mail.push(m) },
    audit: createAuditor(createAccountStore(t.db)),
    now: () => new Date("2026-12-04T12:00:00Z"),
    siteUrl: "https://improve.test",
  });
});

afterAll(async () => {
  await t?.close();
});

describe("following", () => {
  it("follows and unfollows a network and a topic, audited", async () => {
    await follows.follow(people.memberN!, "network", N, true);
    await follows.follow(people.outsider!, "network", N, true);
    await follows.follow(people.memberM!, "network", M, false);
    await follows.follow(people.topicFan!, "topic", "Flow", false);
    expect(await follows.follows(people.memberN!)).toEqual([
      { kind: "network", targetId: N, email: true },
    ]);
    await follows.follow(people.memberM!, "topic", "Flow", false);
    await follows.unfollow(people.memberM!, "topic", "Flow");
    expect(await follows.follows(people.memberM!)).toEqual([
      { kind: "network", targetId: M, email: false },
    ]);
    const { rows } = await t.pool.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE target_kind = 'follow' ORDER BY audit_id`,
    );
    expect(rows.map((r) => r.action)).toEqual([
      "follow.added",
      "follow.added",
      "follow.added",
      "follow.added",
      "follow.added",
      "follow.removed",
    ]);
  });

  it("refuses unknown networks, bad kinds and anonymous people, changing nothing", async () => {
    await expect(follows.follow(people.outsider!, "network", "nowhere", false)).rejects.toThrow(
      InputError,
    );
    await expect(follows.follow(people.outsider!, "guide", "x", false)).rejects.toThrow(InputError);
    await expect(follows.follow({ kind: "anonymous" }, "network", N, false)).rejects.toThrow();
    expect(await follows.follows(people.outsider!)).toEqual([
      { kind: "network", targetId: N, email: true },
    ]);
  });
});

describe("notifying", () => {
  it("tells a network-only post to followers who may read it, and to nobody else", async () => {
    mail.length = 0;
    await follows.notify(post("network"));
    expect(await summaries("memberN")).toEqual(["A network post"]);
    expect(await summaries("outsider")).toEqual([]);
    expect(await summaries("topicFan")).toEqual([]);
    expect(await summaries("memberM")).toEqual([]);
    expect(await summaries("notFollowing")).toEqual([]);
    // Email only to the reader who chose it; never to the outsider who also chose it.
    expect(mail.map((m) => m.to)).toEqual(["memberN@example.nhs.uk"]);
    expect(mail[0]!.text).toContain("https://improve.test/learning/1");
  });

  it("tells a public post to the network's and the topic's followers, email only when chosen", async () => {
    mail.length = 0;
    await follows.notify(post("public"));
    expect(await summaries("outsider")).toEqual(["A public post"]);
    expect(await summaries("topicFan")).toEqual(["A public post"]);
    expect(await summaries("memberM")).toEqual([]);
    expect(mail.map((m) => m.to).sort()).toEqual([
      "memberN@example.nhs.uk",
      "outsider@example.nhs.uk",
    ]);
  });

  it("counts unread notifications and marks them read, one or all, only one's own", async () => {
    expect(await follows.unreadCount(people.memberN!)).toBe(2);
    const [latest] = await follows.notifications(people.memberN!);
    await follows.markRead(people.memberN!, latest!.notificationId);
    expect(await follows.unreadCount(people.memberN!)).toBe(1);
    await expect(follows.markRead(people.outsider!, latest!.notificationId)).rejects.toThrow(
      NotFoundError,
    );
    await follows.markRead(people.memberN!, null);
    expect(await follows.unreadCount(people.memberN!)).toBe(0);
    expect(await follows.unreadCount({ kind: "anonymous" })).toBe(0);
  });
});
