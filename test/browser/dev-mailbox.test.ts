// The development mailbox (/dev/mailbox) in a real browser: axe (WCAG 2.2 AA), no errors, and
// the links in a message can be followed.
import { expect } from "vitest";
import pino from "pino";
import { createOutbox } from "../../src/accounts/mail.js";
import { createMailSender } from "../../src/adapters/mail/sender.js";
import { createMailTransport } from "../../src/adapters/mail/transport.js";
import { createOutboxStore } from "../../src/storage/outbox-store.js";
import { browserSuite } from "./harness.js";

browserSuite(
  "development mailbox",
  ({ pageTest }) => {
    pageTest("development mailbox", "/dev/mailbox", async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Development mailbox");
      expect(await page.getByText("Development only: messages are not sent").isVisible()).toBe(
        true,
      );
      expect(
        await page.getByRole("heading", { name: "You are invited to Improvement Hub" }).isVisible(),
      ).toBe(true);
      const link = page.getByRole("link", { name: /\/sign-in\?invitation=abc/ });
      expect(await link.getAttribute("href")).toBe("http://localhost:3000/sign-in?invitation=abc");
    });
  },
  {
    demo: false,
    devMailbox: true,
    seed: async (db) => {
      const store = createOutboxStore(db.db);
      const outbox = createOutbox({ store, now: () => new Date() });
      await outbox.enqueue({
        kind: "invitation",
        to: "ada@example.nhs.uk",
        subject: "You are invited to Improvement Hub",
        text: "Hello Ada,\n\nAccept at http://localhost:3000/sign-in?invitation=abc.\n\nImprovement Hub",
      });
      await outbox.enqueue({
        kind: "reset_password",
        to: "grace@example.nhs.uk",
        subject: "Reset your password",
        text: "Open http://localhost:3000/reset?token=xyz within an hour.",
      });
      const silent = pino({ level: "silent" });
      await createMailSender({
        store,
        transport: createMailTransport(
          { smtpUrl: undefined, mailFrom: "Hub <a@example.nhs.uk>" },
          silent,
        ),
        logger: silent,
        batchSize: 1,
      }).drainOnce();
    },
  },
);
