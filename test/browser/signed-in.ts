/**
 * A new person with a password and `grants`, signed in through the sign-in page in a new browser
 * context: the browser tests of pages behind sign-in share it. `javaScriptEnabled: false` is a
 * reader with JavaScript off (axe cannot run there); `scripts: false` serves the page's scripts
 * empty with the browser's JavaScript on, as the harness's `open(path, { scripts: false })`
 * does, so axe still runs.
 */
import type { BrowserContext, Page } from "playwright-core";
import { argon2Hasher } from "../../src/accounts/passwords.js";
import type { Grant } from "../../src/accounts/roles.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import type { Harness } from "./harness.js";

const PASSWORD = "correct horse battery staple";
let people = 0;

export async function signedIn(
  h: Harness,
  grants: Grant[],
  options: { javaScriptEnabled?: boolean; scripts?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const store = createAccountStore(h.db.db);
  const email = `browser-person-${++people}@example.nhs.uk`;
  const user = await store.createUser({
    email,
    displayName: "Grace Hopper",
    passwordHash: await argon2Hasher.hash(PASSWORD),
  });
  for (const g of grants) await store.addGrant(user.userId, g, null);
  const context = await h.browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(20_000);
  if (options.scripts === false)
    await context.route(/\.m?js(\?|$)/, (route) =>
      route.fulfill({ status: 200, contentType: "text/javascript", body: "" }),
    );
  const page = await context.newPage();
  await page.goto(`${h.baseUrl}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState("load");
  return { context, page };
}
