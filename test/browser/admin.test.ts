// Sign-up by invitation and the administration pages in Chromium, with axe (WCAG 2.2 AA): the
// sign-up without JavaScript (its scripts served empty), the administration pages with it.
import { expect } from "vitest";
import { grantOf } from "../../src/accounts/roles.js";
import { composeServices } from "../../src/web/compose.js";
import {
  browserSuite,
  expectNoAxeViolations,
  narrowAndPrintScreenshots,
  screenshot,
} from "./harness.js";

browserSuite(
  "administration in a browser",
  ({ test }) => {
    test("invitation sign-up (no JavaScript), then people, a person and the audit log", async (h) => {
      const admin = composeServices({ db: h.db.db }).administration;
      const operator = { kind: "operator", label: "browser test" } as const;
      const { link } = await admin.invite(operator, {
        email: "first.admin@example.nhs.uk",
        role: "national_admin",
      });
      const other = await admin.createUser(operator, {
        email: "colleague@example.nhs.uk",
        displayName: "A Colleague",
        password: "a colleague's long passphrase",
      });
      await admin.grant(operator, other.userId, grantOf("guide_author", ""));

      const opened = await h.open(new URL(link).pathname, { scripts: false });
      const { page } = opened;
      try {
        await expectNoAxeViolations(page, "invitation");
        await screenshot(page, "admin-invitation");
        expect(await page.textContent("main")).toContain("National administrator");

        // A mistake first: the error summary and the field's message.
        await page.getByLabel("Your name").fill("First Admin");
        await page.getByLabel("Create a password").fill("short");
        await page.getByLabel("Type the password again").fill("short");
        await page.getByRole("button", { name: "Create account and accept" }).click();
        await page.waitForLoadState("load");
        expect(await page.textContent(".nhsuk-error-summary")).toContain("at least 12 characters");
        await expectNoAxeViolations(page, "invitation with errors");

        await page.getByLabel("Create a password").fill("first admin's long passphrase");
        await page.getByLabel("Type the password again").fill("first admin's long passphrase");
        await page.getByRole("button", { name: "Create account and accept" }).click();
        await page.waitForURL("**/invitations/accepted");
        expect(await page.textContent("main")).toContain("Welcome, First Admin");
        await expectNoAxeViolations(page, "invitation accepted");

        await page.goto(`${h.baseUrl}/admin/users`);
        expect(await page.textContent("main")).toContain("colleague@example.nhs.uk");
        await expectNoAxeViolations(page, "/admin/users");
        await screenshot(page, "admin-users");

        await page.getByRole("link", { name: "A Colleague" }).click();
        await page.waitForURL(`**/admin/users/${other.userId}`);
        await expectNoAxeViolations(page, "a person's page");
        await page.getByLabel("Role", { exact: true }).selectOption("organisation_member");
        await page.getByLabel("Organisation ODS code").fill("ZZZ99");
        await page.getByRole("button", { name: "Grant role" }).click();
        await page.waitForLoadState("load");
        expect(await page.textContent(".nhsuk-error-summary")).toContain("ZZZ99");
        await expectNoAxeViolations(page, "a person's page with errors");
        await page.getByRole("button", { name: "Lock account" }).click();
        await page.waitForURL("**?done=locked");
        expect(await page.textContent("main")).toContain("Account locked");
        await screenshot(page, "admin-user");

        for (const path of ["/admin", "/admin/invitations", "/admin/jobs", "/admin/sessions"]) {
          await page.goto(`${h.baseUrl}${path}`);
          await expectNoAxeViolations(page, path);
        }
        expect(await page.textContent("main")).toContain("First Admin");

        await page.goto(`${h.baseUrl}/admin/audit?action=user.`);
        expect(await page.textContent("main")).toContain("user.locked");
        await expectNoAxeViolations(page, "/admin/audit");
        await screenshot(page, "admin-audit");
        await narrowAndPrintScreenshots(page, "admin-audit");
        // The two forms sent with mistakes answered 400, as they should; nothing else went wrong.
        expect(opened.problems.filter((p) => !/status of 400|HTTP 400/.test(p))).toEqual([]);
      } finally {
        await opened.close();
      }
    });
  },
  { demo: false },
);
