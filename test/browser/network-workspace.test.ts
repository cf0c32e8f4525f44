// A network's workspace in Chromium (issue 17 item 1): the public view and a member's view pass
// axe at 1280 and 320 px with the page's scripts empty; a member adds an event, its notes and an
// action and marks it done, and a person asks to join and a lead approves, all with JavaScript
// turned off.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { browserSuite, clickButton, expectNoAxeViolationsAtBothWidths } from "./harness.js";
import { printHeadingsOverNothing } from "./print.js";
import { signedIn } from "./signed-in.js";

const NETWORK = "london-uec";
const ORG = "ZZ001";
const memberOf: Grant[] = [
  { role: "network_member", scope: { kind: "network", networkId: NETWORK } },
];
const leadOf: Grant[] = [{ role: "network_lead", scope: { kind: "network", networkId: NETWORK } }];
const orgMember: Grant[] = [
  { role: "organisation_member", scope: { kind: "organisation", orgCode: ORG } },
];

const click = (page: Page, name: string) => clickButton(page, name, { exact: true, first: true });

const axeBothWidths = (page: Page, label: string) =>
  expectNoAxeViolationsAtBothWidths(page, label, "network-workspace");

browserSuite(
  "network workspace",
  ({ pageTest, test }) => {
    pageTest(
      "the workspace, as the public",
      `/networks/${NETWORK}`,
      async (page) => {
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
          "London urgent and emergency care LIN",
        );
        expect(await page.getByText("Matthew Trainer").count()).toBeGreaterThan(0);
        expect(await page.getByRole("link", { name: /^Dashboard/ }).getAttribute("href")).toBe(
          `/group/network:${NETWORK}`,
        );
        expect(await page.getByRole("heading", { name: "Events" }).count()).toBe(0);
        await axeBothWidths(page, "public");
      },
      { scripts: false },
    );

    pageTest(
      "the members page, as the public",
      `/networks/${NETWORK}/members`,
      async (page) => {
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Members");
        expect(await page.getByRole("heading", { name: "People" }).count()).toBe(0);
        await axeBothWidths(page, "members-public");
      },
      { scripts: false },
    );

    test("a member's workspace, event and action pass axe; the event is made with JavaScript off", async (h) => {
      const off = await signedIn(h, memberOf, { javaScriptEnabled: false });
      try {
        const page = off.page;
        await page.goto(`${h.baseUrl}/networks/${NETWORK}/events/new`);
        await click(page, "Save the event");
        expect(await page.getByText("Enter a title").count()).toBeGreaterThan(0);
        await page.locator("#title").fill("Discharge before noon");
        await page.locator("#heldOn").fill("2099-03-20");
        await page.locator("#startsAt").fill("09:30");
        await page.locator("#agenda").fill("1. Welcome\n2. **Data**");
        await click(page, "Save the event");
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
          "Discharge before noon",
        );
        expect(await page.locator("main strong", { hasText: "Data" }).count()).toBe(1);
        await page.locator("#text").fill("Share the discharge data");
        await page.locator("#ownerName").fill("Pat Jones");
        await page.locator("#dueOn").fill("2099-04-01");
        await click(page, "Add the action");
        expect(
          await page.getByRole("cell", { name: "Share the discharge data", exact: true }).count(),
        ).toBe(1);
        await page.getByRole("button", { name: /^Mark done/ }).click();
        await page.waitForLoadState("load");
        expect(await page.getByText(/^Done /).count()).toBe(1);
      } finally {
        await off.context.close();
      }
      const on = await signedIn(h, memberOf, { scripts: false });
      try {
        await on.page.goto(`${h.baseUrl}/networks/${NETWORK}`);
        expect(
          await on.page.getByRole("link", { name: "Discharge before noon", exact: true }).count(),
        ).toBe(1);
        expect(await on.page.getByText("members only").count()).toBeGreaterThan(0);
        await axeBothWidths(on.page, "member");
        await on.page.goto(`${h.baseUrl}/networks/${NETWORK}/events`);
        await axeBothWidths(on.page, "events");
        await on.page.getByRole("link", { name: "Discharge before noon", exact: true }).click();
        await on.page.waitForLoadState("load");
        await axeBothWidths(on.page, "event");
        await on.page.goto(`${h.baseUrl}/networks/${NETWORK}/events/new`);
        await axeBothWidths(on.page, "event-form");
      } finally {
        await on.context.close();
      }
    }, 120_000);

    test("a person asks to join and a lead approves, with JavaScript off; both pages pass axe", async (h) => {
      const asker = await signedIn(h, orgMember, { javaScriptEnabled: false });
      try {
        await asker.page.goto(`${h.baseUrl}/networks/${NETWORK}`);
        await asker.page.getByRole("link", { name: "Ask to join this network" }).click();
        await asker.page.waitForLoadState("load");
        await asker.page.locator("#message").fill("I lead our discharge work.");
        await click(asker.page, "Send the request");
        expect(await asker.page.getByText(/You asked to join on/).count()).toBe(1);
      } finally {
        await asker.context.close();
      }
      const lead = await signedIn(h, leadOf, { scripts: false });
      try {
        await lead.page.goto(`${h.baseUrl}/networks/${NETWORK}/members`);
        expect(await lead.page.getByText("I lead our discharge work.").count()).toBe(1);
        await axeBothWidths(lead.page, "members-lead");
        // On paper the lead's forms are left off, and so are the headings that introduce them.
        expect(await printHeadingsOverNothing(lead.page)).toEqual([]);
        await lead.page.emulateMedia({ media: "screen" });
        await click(lead.page, "Approve");
        expect(await lead.page.getByText("No requests waiting.").count()).toBe(1);
      } finally {
        await lead.context.close();
      }
      const joined = await h.db.db
        .selectFrom("network_join_requests")
        .select("status")
        .executeTakeFirstOrThrow();
      expect(joined.status).toBe("approved");
      const asker2 = await signedIn(h, orgMember, { scripts: false });
      try {
        await asker2.page.goto(`${h.baseUrl}/networks/${NETWORK}/join`);
        await axeBothWidths(asker2.page, "join");
      } finally {
        await asker2.context.close();
      }
    }, 120_000);
  },
  { demo: { orgs: 8, months: 3, seed: 3 } },
);
