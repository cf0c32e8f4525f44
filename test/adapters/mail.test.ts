// Email that really sends (issue 15): the outbox on the real database, the sender, and a real SMTP
// server in this process (smtp-server) that records what it receives or refuses it.
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createOutbox,
  type MailMessage,
  type Outbox,
  type OutboxStore,
} from "../../src/accounts/mail.js";
import {
  createMailSender,
  MAX_ATTEMPTS,
  retryDelayMs,
  type MailSender,
} from "../../src/adapters/mail/sender.js";
import { createMailTransport, type MailTransport } from "../../src/adapters/mail/transport.js";
import { InputError, UsageError } from "../../src/errors.js";
import { devMailboxEnabled, loadConfig } from "../../src/config.js";
import { createOutboxStore } from "../../src/storage/outbox-store.js";
import { createAppFromDatabase } from "../../src/web/compose.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

interface Received {
  from: string;
  to: string[];
  data: string;
}

let t: TestDatabase;
let store: OutboxStore;
let smtp: SMTPServer;
let smtpUrl: string;
const received: Received[] = [];
/** While set, the SMTP server refuses every recipient with this reply. */
let refuse: string | null = null;

let time = new Date("2026-12-04T10:00:00Z");
const clock = () => time;
const advance = (ms: number) => (time = new Date(time.getTime() + ms));
const silent = pino({ level: "silent" });
const mailFrom = "Improvement Hub <no-reply@improvement-hub.invalid>";

const message = (n: number, extra: Partial<MailMessage> = {}): MailMessage => ({
  kind: "verify_email",
  to: `person${n}@example.nhs.uk`,
  subject: `Confirm your email address (${n})`,
  text: `Hello ${n},\n\nOpen https://hub.example.nhs.uk/verify?token=tok${n} to confirm.\n`,
  ...extra,
});

const outbox = (): Outbox => createOutbox({ store, now: clock });
const smtpTransport = () => createMailTransport({ smtpUrl, mailFrom }, silent);
const sender = (transport: MailTransport, batchSize?: number): MailSender =>
  createMailSender({
    store,
    transport,
    clock,
    logger: silent,
    ...(batchSize ? { batchSize } : {}),
  });

const rows = async () =>
  (await t.db.selectFrom("mail_outbox").selectAll().orderBy("id").execute()).map((r) => ({
    to: r.to_address,
    attempts: r.attempts,
    sent: r.sent_at !== null,
    deliveredBy: r.delivered_by,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
  }));

beforeAll(async () => {
  t = await testDatabase();
  store = createOutboxStore(t.db);
  smtp = new SMTPServer({
    authOptional: true,
    secure: false,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refuse === null) return callback();
      callback(Object.assign(new Error(refuse), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(resolve));
  await t?.drop();
});

beforeEach(async () => {
  await sql`TRUNCATE mail_outbox`.execute(t.db);
  received.length = 0;
  refuse = null;
});

describe("sending over SMTP", () => {
  it("sends queued messages once, and records how", async () => {
    await outbox().enqueue(message(1));
    await outbox().enqueue(message(2, { kind: "invitation", html: "<p>Hello 2</p>" }));
    const transport = smtpTransport();
    const mail = sender(transport);
    expect(await mail.drainOnce()).toEqual({ sent: 2, failed: 0 });

    expect(received.map((r) => r.to)).toEqual([
      ["person1@example.nhs.uk"],
      ["person2@example.nhs.uk"],
    ]);
    expect(received.every((r) => r.from === "no-reply@improvement-hub.invalid")).toBe(true);
    const [first, second] = received.map((r) => r.data);
    expect(first).toContain("Subject: Confirm your email address (1)");
    expect(first).toContain("To: person1@example.nhs.uk");
    expect(first).toContain("https://hub.example.nhs.uk/verify?token=tok1");
    expect(first).toContain("Auto-Submitted: auto-generated");
    expect(second).toContain("Subject: Confirm your email address (2)");
    expect(second).toContain("<p>Hello 2</p>");
    expect(second).toMatch(/multipart\/alternative/);

    expect(await rows()).toEqual([
      expect.objectContaining({
        attempts: 1,
        sent: true,
        deliveredBy: "smtp",
        nextAttemptAt: null,
      }),
      expect.objectContaining({
        attempts: 1,
        sent: true,
        deliveredBy: "smtp",
        nextAttemptAt: null,
      }),
    ]);
    // Nothing is due any more: a second drain sends nothing.
    expect(await mail.drainOnce()).toEqual({ sent: 0, failed: 0 });
    expect(received).toHaveLength(2);
    transport.close();
  });

  it("two senders draining one outbox at once send each message exactly once", async () => {
    const count = 40;
    for (let n = 0; n < count; n++) await outbox().enqueue(message(n));
    const transports = [smtpTransport(), smtpTransport()];
    const drainAll = async (mail: MailSender) => {
      let sent = 0;
      for (;;) {
        const report = await mail.drainOnce();
        if (report.sent + report.failed === 0) return sent;
        sent += report.sent;
      }
    };
    const [a, b] = await Promise.all(transports.map((tr) => drainAll(sender(tr, 3))));
    expect(a! + b!).toBe(count);
    // Both took part (each claims 3 at a time, so neither can have taken all 40 in one go).
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const recipients = received.flatMap((r) => r.to).sort();
    expect(recipients).toHaveLength(count);
    expect(new Set(recipients).size).toBe(count);
    expect((await rows()).every((r) => r.sent && r.attempts === 1)).toBe(true);
    for (const tr of transports) tr.close();
  });

  it("retries a refused message with growing waits, keeps the error, and sends it once accepted", async () => {
    await outbox().enqueue(message(1));
    const transport = smtpTransport();
    const mail = sender(transport);
    refuse = "Mailbox unavailable";

    const start = time.getTime();
    expect(await mail.drainOnce()).toEqual({ sent: 0, failed: 1 });
    let [row] = await rows();
    expect(row).toMatchObject({ attempts: 1, sent: false, deliveredBy: null });
    expect(row!.lastError).toMatch(/Mailbox unavailable/);
    expect(row!.nextAttemptAt!.getTime()).toBe(start + 60_000);

    // Not due yet: nothing is tried.
    advance(59_000);
    expect(await mail.drainOnce()).toEqual({ sent: 0, failed: 0 });
    advance(1_000);
    expect(await mail.drainOnce()).toEqual({ sent: 0, failed: 1 });
    [row] = await rows();
    expect(row).toMatchObject({ attempts: 2, sent: false });
    expect(row!.nextAttemptAt!.getTime()).toBe(time.getTime() + 2 * 60_000);

    // The server accepts again: the message goes at its next attempt, not lost.
    refuse = null;
    advance(2 * 60_000);
    expect(await mail.drainOnce()).toEqual({ sent: 1, failed: 0 });
    [row] = await rows();
    expect(row).toMatchObject({
      attempts: 3,
      sent: true,
      deliveredBy: "smtp",
      nextAttemptAt: null,
    });
    expect(row!.lastError).toMatch(/Mailbox unavailable/);
    expect(received).toHaveLength(1);
    transport.close();
  });

  it("gives up after 8 attempts, waiting 1, 2, 4 … minutes, at most an hour", async () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
    await outbox().enqueue(message(1));
    // A server that is not there at all (a closed port).
    const closed = createMailTransport({ smtpUrl: "smtp://127.0.0.1:1", mailFrom }, silent);
    const mail = sender(closed);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await mail.drainOnce()).toEqual({ sent: 0, failed: 1 });
      advance(retryDelayMs(attempt));
    }
    const [row] = await rows();
    expect(row).toMatchObject({ attempts: MAX_ATTEMPTS, sent: false, nextAttemptAt: null });
    expect(row!.lastError).toMatch(/ECONNREFUSED/);
    advance(24 * 3_600_000);
    expect(await mail.drainOnce()).toEqual({ sent: 0, failed: 0 });
  });

  it("a message claimed by a sender that died is sent again once its lease ends", async () => {
    await outbox().enqueue(message(1));
    // A sender claims it and dies before sending (the claim is committed, nothing recorded).
    expect(await store.claimDue(10, time, new Date(time.getTime() + 10 * 60_000))).toHaveLength(1);
    const transport = smtpTransport();
    const mail = sender(transport);
    expect(await mail.drainOnce()).toEqual({ sent: 0, failed: 0 });
    advance(10 * 60_000);
    expect(await mail.drainOnce()).toEqual({ sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
    transport.close();
  });

  it("started, a sender drains on its own and soon after a wake", async () => {
    const transport = smtpTransport();
    const mail = sender(transport);
    mail.start(60_000);
    try {
      await createOutbox({ store, now: clock, afterEnqueue: () => mail.wake() }).enqueue(
        message(7),
      );
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(1);
      expect((await rows())[0]).toMatchObject({ sent: true, deliveredBy: "smtp" });
    } finally {
      await mail.stop();
      transport.close();
    }
  });
});

describe("without SMTP_URL", () => {
  it("the log transport writes recipient and subject at info, the body only at debug", async () => {
    const lines: Array<{ level: number; msg: string; mail?: Record<string, unknown> }> = [];
    const logger = pino(
      { level: "info" },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const transport = createMailTransport({ smtpUrl: undefined, mailFrom }, logger);
    expect(transport.kind).toBe("log");
    await outbox().enqueue(message(3));
    const mail = createMailSender({ store, transport, clock, logger });
    expect(await mail.drainOnce()).toEqual({ sent: 1, failed: 0 });
    expect(await rows()).toEqual([
      expect.objectContaining({ sent: true, deliveredBy: "log", attempts: 1 }),
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toContain("person3@example.nhs.uk");
    expect(lines[0]!.msg).toContain("Confirm your email address (3)");
    expect(JSON.stringify(lines)).not.toContain("tok3");

    logger.level = "debug";
    await createMailTransport({ smtpUrl: undefined, mailFrom }, logger).send(message(4));
    expect(JSON.stringify(lines)).toContain("tok4");
    expect(received).toHaveLength(0);
  });

  it("the development mailbox lists the messages with their links; production or SMTP_URL: 404", async () => {
    await outbox().enqueue(message(5));
    await outbox().enqueue(
      message(6, { subject: "Reset <your> password", kind: "reset_password" }),
    );
    await sender(createMailTransport({ smtpUrl: undefined, mailFrom }, silent)).drainOnce();
    await outbox().enqueue(message(8));

    const development = loadConfig({});
    expect(devMailboxEnabled(development)).toBe(true);
    const app = await createAppFromDatabase({
      db: t.db,
      devMailbox: devMailboxEnabled(development),
    });
    try {
      const page = await app.inject({ method: "GET", url: "/dev/mailbox" });
      expect(page.statusCode).toBe(200);
      expect(page.headers["cache-control"]).toBe("no-store");
      const html = page.body;
      expect(html).toContain("Development only: messages are not sent because SMTP_URL is not set");
      expect(html).toContain("person5@example.nhs.uk");
      expect(html).toContain("Reset &lt;your&gt; password");
      expect(html).toContain("Password reset");
      expect(html).toContain(
        '<a href="https://hub.example.nhs.uk/verify?token=tok5">https://hub.example.nhs.uk/verify?token=tok5</a>',
      );
      expect(html).toContain("Written to the log at 2026-");
      expect(html).toContain("Queued, not sent yet");
      // Newest first.
      expect(html.indexOf("person8@")).toBeLessThan(html.indexOf("person5@"));
    } finally {
      await app.close();
    }

    for (const env of [{ NODE_ENV: "production" }, { SMTP_URL: smtpUrl }]) {
      const config = loadConfig(env);
      expect(devMailboxEnabled(config)).toBe(false);
      const other = await createAppFromDatabase({
        db: t.db,
        devMailbox: devMailboxEnabled(config),
      });
      try {
        expect((await other.inject({ method: "GET", url: "/dev/mailbox" })).statusCode).toBe(404);
      } finally {
        await other.close();
      }
    }
  });
});

describe("refusals", () => {
  it("refuses a malformed address and header injection, queuing nothing", async () => {
    const bad: MailMessage[] = [
      message(1, { to: "not an address" }),
      message(1, { to: "a@example.nhs.uk, b@example.nhs.uk" }),
      message(1, { to: "a@example.nhs.uk\r\nBcc: victim@example.com" }),
      message(1, { subject: "Hello\r\nBcc: victim@example.com" }),
      message(1, { subject: "Hello\nX-Injected: yes" }),
      message(1, { subject: "" }),
      message(1, { subject: "x".repeat(201) }),
      message(1, { text: "x".repeat(100_001) }),
      message(1, { kind: "spam" as MailMessage["kind"] }),
    ];
    for (const m of bad) await expect(outbox().enqueue(m)).rejects.toBeInstanceOf(InputError);
    await expect(outbox().enqueue(bad[3]!)).rejects.toThrow(/malformed/);
    expect(await rows()).toEqual([]);
  });

  it("the configuration takes only smtp:// and smtps:// URLs, and never echoes one", () => {
    expect(loadConfig({ SMTP_URL: "smtps://user:secret@mail.example.nhs.uk:465" }).smtpUrl).toBe(
      "smtps://user:secret@mail.example.nhs.uk:465",
    );
    expect(loadConfig({ SMTP_URL: "" }).smtpUrl).toBeUndefined();
    expect(loadConfig({}).mailFrom).toBe(mailFrom);
    for (const url of [
      "https://user:secret@mail.example.nhs.uk",
      "mail.example.nhs.uk:25",
      "smtp",
    ]) {
      let error: unknown;
      try {
        loadConfig({ SMTP_URL: url });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/SMTP_URL/);
      expect((error as Error).message).not.toContain("secret");
    }
    expect(() => loadConfig({ MAIL_FROM: "a@example.nhs.uk\r\nBcc: x@example.com" })).toThrow(
      UsageError,
    );
  });
});
