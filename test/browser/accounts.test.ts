// Signing in and the account pages in Chromium: axe on each page (sign-in, its errors, the
// second factor, the account settings, two-factor setup and recovery codes), and signing in with
// JavaScript turned off.
import { generate } from "otplib";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { argon2Hasher } from "../../src/accounts/passwords.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { browserSuite, expectNoAxeViolations, type Harness } from "./harness.js";

const PASSWORD = "correct horse battery staple";

async function newUser(h: Harness, email: string) {
  const store = createAccountStore(h.db.db);
  return store.createUser({
    email,
    displayName: "Ada Lovelace",
    passwordHash: await argon2Hasher.hash(PASSWORD),
  });
}

async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState("load");
}

browserSuite(
  "accounts",
  ({ pageTest, test }) => {
    pageTest("sign-in", "/sign-in", async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Sign in");
      expect(await page.getByRole("link", { name: "Forgot your password?" }).count()).toBe(1);
    });

    // Not a pageTest: the answer's 400 status is on the console, as it should be.
    test("sign-in errors", async (h) => {
      const { page, close } = await h.open("/sign-in");
      try {
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForLoadState("load");
        expect(await page.title()).toMatch(/^Error: /);
        expect(await page.getByText("Enter your email address").count()).toBeGreaterThan(0);
        await expectNoAxeViolations(page, "/sign-in (errors)");
      } finally {
        await close();
      }
    });

    pageTest("forgot password", "/forgot-password");

    test("signs in, changes a setting and signs out without JavaScript", async (h) => {
      await newUser(h, "nojs@example.nhs.uk");
      const context = await h.browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await signIn(page, h.baseUrl, "nojs@example.nhs.uk");
        expect(new URL(page.url()).pathname).toBe("/account");
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Your account");
        // Account settings work without JavaScript.
        await page.goto(`${h.baseUrl}/account/name`);
        await page.getByLabel("Your name").fill("Ada King");
        await page.getByRole("button", { name: "Save" }).click();
        await page.waitForLoadState("load");
        expect(new URL(page.url()).pathname).toBe("/account");
        expect(await page.getByText("Your name has been changed.").count()).toBe(1);
        // Sign out works without JavaScript too.
        await page.goto(`${h.baseUrl}/sign-out`);
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.waitForLoadState("load");
        await page.goto(`${h.baseUrl}/account`);
        expect(new URL(page.url()).pathname).toBe("/sign-in");
      } finally {
        await context.close();
      }
    });

    test("account settings, two-factor setup and the second factor pass axe", async (h) => {
      await newUser(h, "axe@example.nhs.uk");
      const context = await h.browser.newContext();
      const errors: string[] = [];
      try {
        const page = await context.newPage();
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        await signIn(page, h.baseUrl, "axe@example.nhs.uk");
        for (const path of [
          "/account",
          "/account/name",
          "/account/password",
          "/account/sessions",
        ]) {
          await page.goto(`${h.baseUrl}${path}`);
          await expectNoAxeViolations(page, path);
        }

        await page.goto(`${h.baseUrl}/account/two-factor`);
        await expectNoAxeViolations(page, "/account/two-factor");
        await page.goto(`${h.baseUrl}/account/two-factor/setup`);
        await expectNoAxeViolations(page, "/account/two-factor/setup");
        expect(await page.getByRole("img", { name: /QR code/ }).count()).toBe(1);
        const secret = (await page.locator("#totp-secret").innerText()).replace(/\s/g, "");
        await page.getByLabel("Code from your app").fill(await generate({ secret }));
        await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
        await page.waitForLoadState("load");
        await expectNoAxeViolations(page, "recovery codes");
        const codes = await page.locator("#recovery-codes code").allInnerTexts();
        expect(codes).toHaveLength(10);

        await page.goto(`${h.baseUrl}/sign-out`);
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.waitForLoadState("load");
        await signIn(page, h.baseUrl, "axe@example.nhs.uk");
        expect(new URL(page.url()).pathname).toBe("/sign-in/second-factor");
        await expectNoAxeViolations(page, "/sign-in/second-factor");
        await page.getByLabel("Security code").fill(codes[0]!);
        await page.getByRole("button", { name: "Continue" }).click();
        await page.waitForLoadState("load");
        expect(new URL(page.url()).pathname).toBe("/account");
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
  { demo: false },
);
