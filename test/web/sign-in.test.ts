// Signing in, sessions, CSRF, lock-out, password reset, email verification and two-factor, over
// the real store and the real pages (app.inject), with a clock the tests move.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { generate } from "otplib";
import type { MailMessage, Outbox } from "../../src/accounts/mail.js";
import { argon2Hasher } from "../../src/accounts/passwords.js";
import { defaultAccountSettings, type AccountSettings } from "../../src/accounts/settings.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { createAppFromDatabase } from "../../src/web/compose.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { TEST_SESSION_SECRET } from "../support/sessions.js";
import { csrfOf, webClient, type WebClient } from "../support/web-client.js";

const PASSWORD = "correct horse battery staple";
// Lifetimes other than the defaults, so that a page stating them is seen to read the settings.
const settings: AccountSettings = {
  ...defaultAccountSettings,
  publicUrl: "https://hub.example",
  sessionIdleMs: 45 * 60_000,
  sessionAbsoluteMs: 8 * 3_600_000,
};
const FORM = { "content-type": "application/x-www-form-urlencoded" };

let t: TestDatabase;
let store: AccountStore;
let clock = new Date("2026-03-02T09:00:00Z");
const sent: MailMessage[] = [];
const outbox: Outbox = {
  enqueue: async (message) => {
    sent.push(message);
  },
};
let app: FastifyInstance;
/** A second instance over the same database: counts must hold across instances. */
let app2: FastifyInstance;

const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

function build(): Promise<FastifyInstance> {
  return createAppFromDatabase({
    db: t.db,
    now: () => clock,
    outbox,
    accountSettings: settings,
    sessions: {
      secret: TEST_SESSION_SECRET,
      idleMs: settings.sessionIdleMs,
      absoluteMs: settings.sessionAbsoluteMs,
      production: false,
    },
  });
}

let emails = 0;
async function newUser(options: { password?: string | null } = {}) {
  const email = `person${++emails}@example.nhs.uk`;
  const password = options.password === undefined ? PASSWORD : options.password;
  const user = await store.createUser({
    email,
    displayName: `Person ${emails}`,
    passwordHash: password === null ? null : await argon2Hasher.hash(password),
  });
  return { ...user, email };
}

async function signIn(client: WebClient, email: string, password = PASSWORD, returnTo?: string) {
  return client.submit(
    returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : "/sign-in",
    {
      email,
      password,
      ...(returnTo ? { returnTo } : {}),
    },
    "/sign-in",
  );
}

const sessionCookie = (client: WebClient) => client.cookies.get("hub_session");
const isSignedIn = async (client: WebClient) => (await client.get("/account")).statusCode === 200;
const lastMailTo = (to: string) => [...sent].reverse().find((m) => m.to === to);
const tokenIn = (message: MailMessage | undefined) =>
  /token=([A-Za-z0-9_-]+)/.exec(message?.text ?? "")?.[1] ?? "";

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
  store = createAccountStore(t.db);
  app = await build();
  app2 = await build();
});

afterAll(async () => {
  await app?.close();
  await app2?.close();
  await t?.drop();
});

describe("signing in", () => {
  it("signs in with the right password, in a new session, and goes where it was asked", async () => {
    const user = await newUser();
    const client = webClient(app);
    const page = await client.get("/sign-in?returnTo=/account/sessions");
    expect(page.statusCode).toBe(200);
    expect(page.headers["cache-control"]).toBe("private, no-store");
    const before = sessionCookie(client);
    expect(before).toBeDefined();
    const setCookie = String(page.headers["set-cookie"]);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    const res = await client.post("/sign-in", {
      _csrf: csrfOf(page.body),
      email: user.email,
      password: PASSWORD,
      returnTo: "/account/sessions",
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/account/sessions");
    // Session fixation: the id planted before sign-in is not the one signed in.
    const after = sessionCookie(client);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await isSignedIn(client)).toBe(true);
    const old = webClient(app);
    old.cookies.set("hub_session", before!);
    expect(await isSignedIn(old)).toBe(false);
    const log = await store.auditLog({
      action: "sign_in.success",
      actorUserId: user.userId,
      limit: 5,
    });
    expect(log).toHaveLength(1);
    // The person's sessions page says where this session was signed in from.
    const sessions = await client.get("/account/sessions");
    expect(sessions.body).toMatch(/<td[^>]*>\s*10\.0\.0\.2\s*<\/td>/);
    expect(sessions.body).toContain(
      "A session ends after 45 minutes without use, and 8 hours after signing in.",
    );
  });

  it("refuses an unknown address, a wrong password and an account without a password alike", async () => {
    const user = await newUser();
    const sso = await newUser({ password: null });
    const answers = await Promise.all([
      signIn(webClient(app), "nobody@example.nhs.uk"),
      signIn(webClient(app), user.email, "wrong password of some length"),
      signIn(webClient(app), sso.email, PASSWORD),
    ]);
    for (const res of answers) {
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain("Enter a correct email address and password");
      expect(res.body).toContain("There is a problem");
    }
  });

  it("asks for the missing fields", async () => {
    const res = await webClient(app).submit("/sign-in", { email: "", password: "" });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("Enter your email address");
    expect(res.body).toContain("Enter your password");
    expect(res.body).toContain('href="#email"');
  });

  it("never returns to another site", async () => {
    const user = await newUser();
    for (const returnTo of ["//evil.example/", "/\\evil.example", "https://evil.example/"]) {
      const client = webClient(app);
      const res = await client.submit("/sign-in", {
        email: user.email,
        password: PASSWORD,
        returnTo,
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe("/account");
    }
  });

  it("refuses a disabled account", async () => {
    const user = await newUser();
    await store.updateUser(user.userId, { disabledAt: clock });
    const res = await signIn(webClient(app), user.email);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("disabled");
  });

  it("sends a reader of a private page to sign in and back", async () => {
    const res = await webClient(app).get("/account/sessions");
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/sign-in?returnTo=%2Faccount%2Fsessions");
  });
});

describe("CSRF", () => {
  it("refuses a form without the token, with a wrong one, or with another session's", async () => {
    const user = await newUser();
    const client = webClient(app);
    await signIn(client, user.email);
    const other = webClient(app);
    const otherToken = csrfOf((await other.get("/sign-in")).body);
    for (const token of [undefined, "wrong-token", otherToken]) {
      const res = await client.post("/account/name", {
        ...(token ? { _csrf: token } : {}),
        displayName: "Mallory",
      });
      expect(res.statusCode).toBe(403);
    }
    expect((await store.userById(user.userId))?.displayName).toBe(user.displayName);
  });

  it("refuses a form sent from another site, even with the right token", async () => {
    const user = await newUser();
    const client = webClient(app);
    await signIn(client, user.email);
    const page = await client.get("/account/name");
    const res = await client.post(
      "/account/name",
      { _csrf: csrfOf(page.body), displayName: "Mallory" },
      { "sec-fetch-site": "cross-site" },
    );
    expect(res.statusCode).toBe(403);
    expect((await store.userById(user.userId))?.displayName).toBe(user.displayName);
    // The same form from this site works.
    const ok = await client.post(
      "/account/name",
      { _csrf: csrfOf(page.body), displayName: "Ada Lovelace" },
      { "sec-fetch-site": "same-origin" },
    );
    expect(ok.statusCode).toBe(303);
    expect((await store.userById(user.userId))?.displayName).toBe("Ada Lovelace");
  });

  it("refuses a sign-in form without a token", async () => {
    const user = await newUser();
    const res = await app.inject({
      method: "POST",
      url: "/sign-in",
      headers: FORM,
      payload: new URLSearchParams({ email: user.email, password: PASSWORD }).toString(),
    });
    expect(res.statusCode).toBe(403);
  });
});

describe("sessions", () => {
  it("end after the idle time and after the absolute time", async () => {
    const user = await newUser();
    const idle = webClient(app);
    await signIn(idle, user.email);
    advance(settings.sessionIdleMs - 60_000);
    expect(await isSignedIn(idle)).toBe(true);
    advance(settings.sessionIdleMs + 1000);
    expect(await isSignedIn(idle)).toBe(false);

    const busy = webClient(app);
    await signIn(busy, user.email);
    // Used every 20 minutes: never idle, yet over after 12 hours.
    const steps = Math.floor(settings.sessionAbsoluteMs / (20 * 60_000));
    for (let i = 0; i < steps - 1; i++) {
      advance(20 * 60_000);
      expect(await isSignedIn(busy)).toBe(true);
    }
    // 11 h 40 min so far; a minute before 12 hours it still works, at 12 hours it does not
    // (the last request only a minute before: not idle).
    advance(19 * 60_000);
    expect(await isSignedIn(busy)).toBe(true);
    advance(60_000);
    expect(await isSignedIn(busy)).toBe(false);
  });

  it("sign-out ends the session", async () => {
    const user = await newUser();
    const client = webClient(app);
    await signIn(client, user.email);
    const cookie = sessionCookie(client)!;
    const res = await client.submit("/sign-out", {});
    expect(res.statusCode).toBe(303);
    const replay = webClient(app);
    replay.cookies.set("hub_session", cookie);
    expect(await isSignedIn(replay)).toBe(false);
    expect(await isSignedIn(client)).toBe(false);
  });

  it("signing out everywhere else ends the person's other sessions, not this one", async () => {
    const user = await newUser();
    const laptop = webClient(app);
    const phone = webClient(app2);
    await signIn(laptop, user.email);
    await signIn(phone, user.email);
    const list = await laptop.get("/account/sessions");
    expect(list.body).toContain("This session");
    const res = await laptop.submit("/account/sessions", {}, "/account/sessions/end-others");
    expect(res.statusCode).toBe(303);
    expect((await laptop.get("/account/sessions")).body).toContain(
      "1 other session has been signed out",
    );
    expect(await isSignedIn(laptop)).toBe(true);
    expect(await isSignedIn(phone)).toBe(false);
  });

  it("changing the password rotates this session and ends the others", async () => {
    const user = await newUser();
    const client = webClient(app);
    const other = webClient(app);
    await signIn(client, user.email);
    await signIn(other, user.email);
    const before = sessionCookie(client)!;
    const wrong = await client.submit("/account/password", {
      currentPassword: "not my password at all",
      newPassword: "a brand new password here",
      confirmPassword: "a brand new password here",
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("Enter your current password correctly");
    const res = await client.submit("/account/password", {
      currentPassword: PASSWORD,
      newPassword: "a brand new password here",
      confirmPassword: "a brand new password here",
    });
    expect(res.statusCode).toBe(303);
    expect(sessionCookie(client)).not.toBe(before);
    expect(await isSignedIn(client)).toBe(true);
    expect(await isSignedIn(other)).toBe(false);
    const replay = webClient(app);
    replay.cookies.set("hub_session", before);
    expect(await isSignedIn(replay)).toBe(false);
    expect(lastMailTo(user.email)?.kind).toBe("security");
    expect((await signIn(webClient(app), user.email, "a brand new password here")).statusCode).toBe(
      303,
    );
  });
});

describe("lock-out", () => {
  it("locks after the threshold of failures, counted across instances, and unlocks with time", async () => {
    const user = await newUser();
    let last = "";
    for (let i = 0; i < settings.lockThreshold; i++) {
      // Alternate instances (and addresses): one database counts them all.
      const res = await signIn(
        webClient(i % 2 === 0 ? app : app2),
        user.email,
        "wrong password again",
      );
      expect(res.statusCode).toBe(400);
      last = res.body;
    }
    expect(last).toContain("Your account is locked");
    expect(last).toContain("Try again in 15 minutes");
    expect(last).toContain("reset your password");
    // Even the right password is refused while locked.
    const locked = await signIn(webClient(app2), user.email);
    expect(locked.statusCode).toBe(400);
    expect(locked.body).toContain("Your account is locked");
    advance(settings.lockForMs + 1000);
    expect((await signIn(webClient(app), user.email)).statusCode).toBe(303);
    const after = await store.userById(user.userId);
    expect(after?.failedSignIns).toBe(0);
    expect(after?.lockedUntil).toBeNull();
  });

  it("a success clears the count", async () => {
    const user = await newUser();
    for (let i = 0; i < settings.lockThreshold - 1; i++)
      await signIn(webClient(app), user.email, "wrong password again");
    expect((await signIn(webClient(app), user.email)).statusCode).toBe(303);
    expect((await store.userById(user.userId))?.failedSignIns).toBe(0);
  });

  it("a password reset unlocks the account", async () => {
    const user = await newUser();
    for (let i = 0; i < settings.lockThreshold; i++)
      await signIn(webClient(app), user.email, "wrong password again");
    expect((await store.userById(user.userId))?.lockedUntil).not.toBeNull();
    const client = webClient(app);
    await client.submit("/forgot-password", { email: user.email });
    const token = tokenIn(lastMailTo(user.email));
    const res = await client.submit(`/reset-password?token=${token}`, {
      token,
      password: "my new password is long",
      confirmPassword: "my new password is long",
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/sign-in");
    expect((await signIn(webClient(app), user.email, "my new password is long")).statusCode).toBe(
      303,
    );
  });
});

describe("password reset", () => {
  it("answers the same whether or not the address has an account", async () => {
    const user = await newUser();
    const count = sent.length;
    const known = await webClient(app).submit("/forgot-password", { email: user.email });
    const unknown = await webClient(app).submit("/forgot-password", {
      email: "nobody@example.nhs.uk",
    });
    expect(known.statusCode).toBe(303);
    expect(unknown.statusCode).toBe(303);
    expect(known.headers.location).toBe(unknown.headers.location);
    expect(sent.length).toBe(count + 1);
    expect(lastMailTo(user.email)?.text).toContain("https://hub.example/reset-password?token=");
  });

  it("a link works once, expires, and a new one voids the old; a reset ends every session", async () => {
    const user = await newUser();
    const signedIn = webClient(app);
    await signIn(signedIn, user.email);

    const client = webClient(app);
    await client.submit("/forgot-password", { email: user.email });
    const first = tokenIn(lastMailTo(user.email));
    await client.submit("/forgot-password", { email: user.email });
    const second = tokenIn(lastMailTo(user.email));
    expect(second).not.toBe(first);
    const reset = (token: string, password = "another long password") =>
      client.submit(`/reset-password?token=${token}`, {
        token,
        password,
        confirmPassword: password,
      });
    // A weak password is refused without using the link up.
    const weak = await reset(second, "short");
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain("at least 12 characters");
    expect((await reset(first)).statusCode).toBe(400);
    expect((await reset(first)).body).toContain("This link has expired or has been used");
    expect((await reset(second)).statusCode).toBe(303);
    expect((await reset(second)).statusCode).toBe(400);
    expect(await isSignedIn(signedIn)).toBe(false);
    expect(lastMailTo(user.email)?.subject).toContain("Your password was reset");

    await client.submit("/forgot-password", { email: user.email });
    const late = tokenIn(lastMailTo(user.email));
    advance(settings.resetTokenMs + 1000);
    expect((await reset(late)).statusCode).toBe(400);
  });

  it("limits requests per address: 429 with Retry-After", async () => {
    const user = await newUser();
    let res;
    for (let i = 0; i < 6; i++)
      res = await webClient(app).submit("/forgot-password", { email: user.email });
    expect(res!.statusCode).toBe(429);
    expect(Number(res!.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(res!.headers["retry-after"])).toBeLessThanOrEqual(3600);
  });
});

describe("email verification", () => {
  it("sends a single-use link that confirms the address", async () => {
    const user = await newUser();
    const client = webClient(app);
    await signIn(client, user.email);
    expect((await client.get("/account")).body).toContain("(not confirmed)");
    const res = await client.submit("/account", {}, "/account/verify-email");
    expect(res.statusCode).toBe(303);
    const message = lastMailTo(user.email);
    expect(message?.kind).toBe("verify_email");
    const token = tokenIn(message);
    const confirm = await client.submit(`/verify-email?token=${token}`, { token });
    expect(confirm.statusCode).toBe(303);
    expect((await client.get("/account")).body).toContain("(confirmed)");
    expect((await store.userById(user.userId))?.emailVerifiedAt).not.toBeNull();
    const again = await client.submit(`/verify-email?token=${token}`, { token });
    expect(again.statusCode).toBe(400);
  });

  it("limits how often it is sent: 429 with Retry-After", async () => {
    const user = await newUser();
    const client = webClient(app);
    await signIn(client, user.email);
    let res;
    for (let i = 0; i < 6; i++) res = await client.submit("/account", {}, "/account/verify-email");
    expect(res!.statusCode).toBe(429);
    expect(Number(res!.headers["retry-after"])).toBeGreaterThan(0);
  });
});

describe("two-factor authentication", () => {
  const codeAt = (secret: string, at: Date) =>
    generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
  const secretOn = (html: string) =>
    /id="totp-secret">([A-Z2-7 ]+)</.exec(html)?.[1]?.replace(/ /g, "") ?? "";

  it("enrols with a code, then sign-in needs a code, once each; recovery codes work once", async () => {
    const user = await newUser();
    const client = webClient(app);
    await signIn(client, user.email);
    const setup = await client.get("/account/two-factor/setup");
    expect(setup.statusCode).toBe(200);
    expect(setup.body).toContain("<svg");
    expect(setup.body).toContain('aria-label="QR code');
    const secret = secretOn(setup.body);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const wrong = await client.post("/account/two-factor/setup", {
      _csrf: csrfOf(setup.body),
      code: "000000",
    });
    expect(wrong.statusCode).toBe(400);
    expect(secretOn(wrong.body)).toBe(secret);
    const enrolled = await client.post("/account/two-factor/setup", {
      _csrf: csrfOf(setup.body),
      code: await codeAt(secret, clock),
    });
    expect(enrolled.statusCode).toBe(200);
    const codes = [...enrolled.body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map(
      (m) => m[1]!,
    );
    expect(codes).toHaveLength(10);
    expect((await store.userById(user.userId))?.totpEnabledAt).not.toBeNull();

    // Sign-in now needs the second step; the session is not signed in between.
    advance(60_000);
    const next = webClient(app);
    const first = await signIn(next, user.email);
    expect(first.headers.location).toBe("/sign-in/second-factor");
    expect(await isSignedIn(next)).toBe(false);
    const bad = await next.submit("/sign-in/second-factor", { code: "123456" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Enter the current code");
    const code = await codeAt(secret, clock);
    const ok = await next.submit("/sign-in/second-factor", { code });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe("/account");
    expect(await isSignedIn(next)).toBe(true);

    // The same code again (same time step) is refused.
    const replay = webClient(app);
    await signIn(replay, user.email);
    expect((await replay.submit("/sign-in/second-factor", { code })).statusCode).toBe(400);

    // A recovery code works once, in any case and spacing.
    const recovery = codes[0]!;
    const withCode = webClient(app);
    await signIn(withCode, user.email);
    const used = await withCode.submit("/sign-in/second-factor", {
      code: recovery.toUpperCase().replace(/-/g, " "),
    });
    expect(used.statusCode).toBe(303);
    const twice = webClient(app);
    await signIn(twice, user.email);
    expect((await twice.submit("/sign-in/second-factor", { code: recovery })).statusCode).toBe(400);
    expect(await store.unusedRecoveryCodes(user.userId)).toBe(9);
    expect(
      await store.auditLog({ action: "recovery_code.used", actorUserId: user.userId, limit: 5 }),
    ).toHaveLength(1);

    // A code from the next step is accepted (one step either side), then it needs the password to turn off.
    advance(30_000);
    const later = webClient(app);
    await signIn(later, user.email);
    expect(
      (
        await later.submit("/sign-in/second-factor", {
          code: await codeAt(secret, new Date(clock.getTime() + 30_000)),
        })
      ).statusCode,
    ).toBe(303);
    const notOff = await later.submit("/account/two-factor/disable", {
      proof: "wrong password at all",
    });
    expect(notOff.statusCode).toBe(400);
    const off = await later.submit("/account/two-factor/disable", { proof: PASSWORD });
    expect(off.statusCode).toBe(303);
    expect((await store.userById(user.userId))?.totpEnabledAt).toBeNull();
    expect((await signIn(webClient(app), user.email)).headers.location).toBe("/account");
  });

  it("the second step expires, and has no session before the first", async () => {
    const none = await webClient(app).get("/sign-in/second-factor");
    expect(none.statusCode).toBe(303);
    expect(none.headers.location).toBe("/sign-in");

    const user = await newUser();
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    await store.updateUser(user.userId, { totpSecret: secret, totpEnabledAt: clock });
    const client = webClient(app);
    await client.get("/sign-in");
    const before = sessionCookie(client);
    expect(before).toBeDefined();
    const first = await signIn(client, user.email);
    expect(first.headers.location).toBe("/sign-in/second-factor");
    // A new id after the first step too.
    expect(sessionCookie(client)).not.toBe(before);
    const page = await client.get("/sign-in/second-factor");
    advance(5 * 60_000 + 1000);
    const late = await client.post("/sign-in/second-factor", {
      _csrf: csrfOf(page.body),
      code: await codeAt(secret, clock),
    });
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe("/sign-in");
    expect(await isSignedIn(client)).toBe(false);
    expect((await client.get("/sign-in")).body).toContain("Your sign-in took too long");
  });

  it("makes new recovery codes, voiding the old", async () => {
    const user = await newUser();
    const client = webClient(app);
    await signIn(client, user.email);
    const setup = await client.get("/account/two-factor/setup");
    const secret = secretOn(setup.body);
    await client.post("/account/two-factor/setup", {
      _csrf: csrfOf(setup.body),
      code: await codeAt(secret, clock),
    });
    const fresh = await client.submit(
      "/account/two-factor",
      {},
      "/account/two-factor/recovery-codes",
    );
    expect(fresh.statusCode).toBe(200);
    expect([...fresh.body.matchAll(/<li><code>/g)]).toHaveLength(10);
    expect(fresh.headers["cache-control"]).toBe("private, no-store");
  });
});

describe("account pages", () => {
  it("show the person their account, and nobody else's", async () => {
    const user = await newUser();
    const client = webClient(app);
    await signIn(client, user.email);
    const res = await client.get("/account");
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect(res.body).toContain(user.email);
    const name = await client.submit("/account/name", { displayName: "  " });
    expect(name.statusCode).toBe(400);
    expect(name.body).toContain("Enter your name");
  });
});
