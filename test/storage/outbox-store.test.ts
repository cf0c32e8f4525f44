// The mail outbox's PostgreSQL store (src/storage/outbox-store.ts) and its migration, on the real
// database: concurrent claims never share a message.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxStore } from "../../src/accounts/mail.js";
import { createOutboxStore } from "../../src/storage/outbox-store.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
let store: OutboxStore;
const now = new Date("2026-12-04T10:00:00Z");
const lease = new Date("2026-12-04T10:10:00Z");

beforeAll(async () => {
  t = await testDatabase();
  store = createOutboxStore(t.db);
});
afterAll(async () => t?.drop());

describe("outbox store", () => {
  it("claims running at the same moment never share a message", async () => {
    const count = 120;
    for (let n = 0; n < count; n++)
      await store.enqueue(
        { kind: "notification", to: `p${n}@example.nhs.uk`, subject: `n${n}`, text: "x" },
        now,
      );
    const claimed: number[] = [];
    for (;;) {
      const round = await Promise.all([1, 2, 3, 4].map(() => store.claimDue(5, now, lease)));
      const ids = round.flat().map((m) => m.id);
      if (ids.length === 0) break;
      claimed.push(...ids);
    }
    expect(claimed).toHaveLength(count);
    expect(new Set(claimed).size).toBe(count);
    const attempts = await t.db.selectFrom("mail_outbox").select("attempts").distinct().execute();
    expect(attempts).toEqual([{ attempts: 1 }]);
    // Leased: due again only when the lease ends, then claimed again with a second attempt.
    expect(await store.claimDue(5, new Date(lease.getTime() - 1), lease)).toEqual([]);
    const again = await store.claimDue(500, lease, new Date(lease.getTime() + 600_000));
    expect(again).toHaveLength(count);
    expect(again.every((m) => m.attempts === 2)).toBe(true);
  });

  it("lists recent messages newest first, with how each left", async () => {
    await sql`TRUNCATE mail_outbox`.execute(t.db);
    const a = await store.enqueue(
      { kind: "invitation", to: "a@example.nhs.uk", subject: "A", text: "a", html: "<p>a</p>" },
      now,
    );
    const b = await store.enqueue(
      { kind: "security", to: "b@example.nhs.uk", subject: "B", text: "b" },
      new Date(now.getTime() + 1000),
    );
    await store.claimDue(10, new Date(now.getTime() + 1000), lease);
    await store.markSent(a, "log", lease);
    await store.markFailed(b, "550 no such user", null);
    const [first, second] = await store.recent(10);
    expect(first).toMatchObject({
      id: b,
      kind: "security",
      attempts: 1,
      sentAt: null,
      nextAttemptAt: null,
      lastError: "550 no such user",
    });
    expect(second).toMatchObject({ id: a, html: "<p>a</p>", sentAt: lease, deliveredBy: "log" });
    // A sent message is never marked failed afterwards (a late report from a lost lease).
    await store.markFailed(a, "late", new Date());
    expect((await store.recent(10))[1]).toMatchObject({ lastError: null, nextAttemptAt: null });
  });
});
