// Following a network and the notifications page in Chromium: with JavaScript off (plain forms,
// POST-redirect-GET), and axe on both pages at 1280 and 320 px.
import type { Page } from "playwright-core";
import { sql } from "kysely";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import {
  browserSuite,
  type Harness,
  clickButton,
  expectNoAxeViolationsAtBothWidths,
} from "./harness.js";
import { signedIn } from "./signed-in.js";

const N = "london-uec";
const member: Grant[] = [{ role: "network_member", scope: { kind: "network", networkId: N } }];

const click = (page: Page, name: string | RegExp) => clickButton(page, name);

const axeBothWidths = (page: Page, label: string) => expectNoAxeViolationsAtBothWidths(page, label);

/** Follows the network from its workspace, with email, and gives every follower a notification. */
async function followAndNotify(page: Page, h: Harness) {
  await page.goto(`${h.baseUrl}/networks/${N}`);
  await page.getByLabel("Email me too").check();
  await click(page, "Follow this network");
  expect(page.url()).toBe(`${h.baseUrl}/networks/${N}`);
  expect(await page.getByText("You follow this network (notifications and email)").count()).toBe(1);
  await sql`
    INSERT INTO notifications (user_id, kind, summary, href)
    SELECT user_id, 'learning.published', 'Someone published learning: a test post', '/learning'
    FROM follows WHERE target_id = ${N}`.execute(h.db.db);
}

browserSuite(
  "follows",
  ({ test }) => {
    test("a network is followed and a notification read without JavaScript", async (h) => {
      const { context, page } = await signedIn(h, member, { javaScriptEnabled: false });
      try {
        await followAndNotify(page, h);
        // The header's count, on a page cached for everyone signed in: "unread" for screen readers.
        await page.goto(`${h.baseUrl}/networks`);
        const header = page.getByRole("navigation", { name: "Account" });
        expect(
          await header.getByRole("link", { name: /^Notifications \(1\s*unread\s*\)$/ }).count(),
        ).toBe(1);
        await page.goto(`${h.baseUrl}/notifications`);
        expect(await page.getByText("1 unread.").count()).toBe(1);
        await click(page, /^Mark as read/);
        expect(await page.getByText("0 unread.").count()).toBe(1);
        expect(await header.getByRole("link", { name: "Notifications", exact: true }).count()).toBe(
          1,
        );
        await click(page, /^Unfollow London urgent and emergency care LIN/);
        expect(await page.getByText("You follow nothing yet.").count()).toBe(1);
      } finally {
        await context.close();
      }
    }, 120_000);

    test("the workspace's follow form and the notifications page pass axe", async (h) => {
      const { context, page } = await signedIn(h, member);
      try {
        await page.goto(`${h.baseUrl}/networks/${N}`);
        await axeBothWidths(page, "workspace-follow");
        await followAndNotify(page, h);
        await axeBothWidths(page, "workspace-following");
        await page.goto(`${h.baseUrl}/notifications`);
        await axeBothWidths(page, "notifications");
      } finally {
        await context.close();
      }
    }, 120_000);
  },
  { demo: { orgs: 8, months: 3, seed: 3 } },
);
