// The site search for a signed-in network member in Chromium: a network-only learning post is
// found by its words (and named for what it is), the same search signed out finds nothing of it,
// and the results page passes axe at 1280 and 320 px.
import { sql } from "kysely";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { browserSuite, expectNoAxeViolationsAtBothWidths } from "./harness.js";
import { signedIn } from "./signed-in.js";

const N = "london-uec";
const member: Grant[] = [{ role: "network_member", scope: { kind: "network", networkId: N } }];
const TITLE = "Osprey ward rounds before ten";

browserSuite(
  "search",
  ({ test }) => {
    test("a member finds their network's post; the public does not", async (h) => {
      const { context, page } = await signedIn(h, member);
      try {
        await sql`
          INSERT INTO learning_posts (network_id, author_user_id, org_code, kind, title, body,
            change_date, visibility, status, published_at)
          SELECT ${N}, max(u.user_id), (SELECT min(org_code) FROM organisations WHERE kind = 'acute_trust'),
            'what_worked', ${TITLE}, 'Senior review before ten freed beds by noon.',
            '2026-01-05', 'network', 'published', now()
          FROM users u`.execute(h.db.db);
        await page.goto(`${h.baseUrl}/search?q=osprey`);
        const hit = page.getByRole("link", { name: TITLE });
        expect(await hit.count()).toBe(1);
        expect(await page.getByText(/Learning post/).count()).toBeGreaterThan(0);
        await expectNoAxeViolationsAtBothWidths(page, "search-member");

        const outside = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
        const anyone = await outside.newPage();
        try {
          await anyone.goto(`${h.baseUrl}/search?q=osprey`);
          expect(await anyone.content()).not.toContain("Osprey ward rounds");
          await expectNoAxeViolationsAtBothWidths(anyone, "search-public-none");
        } finally {
          await outside.close();
        }
      } finally {
        await context.close();
      }
    }, 120_000);
  },
  { demo: { orgs: 8, months: 3, seed: 3 } },
);
