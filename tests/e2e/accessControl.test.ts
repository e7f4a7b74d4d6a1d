/**
 * The studio with sign-in (STUDIO_AUTH=on), in Chromium: the sign-in page, a viewer's read-only
 * pages, an editor making a share link, and the link opened in a fresh browser that never signed in,
 * then revoked.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openDatabase, type Db } from "../../server/db/client";
import { addUser } from "../../server/auth/users";
import { nodeRegistry } from "../../server/nodes/registry";
import { LocalRunExecutor } from "../../server/runs/localRunExecutor";
import { createRunService } from "../../server/runs/runService";
import { chromiumSkipReason, hasChromium, launchBrowser, type Browser } from "../support/browser";
import { createTestPipeline, importRunDataset } from "../support/runFixtures";
import { RESULTS_DIR, startStudioSession, watchedPage, type StudioSession } from "../support/studioSession";

if (!hasChromium) console.warn(`[skip] ${chromiumSkipReason}`);

const PASSWORD = "a long enough password";

describe.skipIf(!hasChromium)("sign-in, roles and share links in Chromium", () => {
  let session: StudioSession;
  let db: Db;
  let runId: string;
  let shareUrl: string;
  let outsider: Browser | null = null;

  beforeAll(async () => {
    session = await startStudioSession({ STUDIO_AUTH: "on", STUDIO_SECRET_KEY: "e2e-secret" });
    db = openDatabase(`file:${session.studio.databaseFile}`);
    await addUser(db, { email: "editor@lab.org", role: "editor", password: PASSWORD });
    await addUser(db, { email: "viewer@lab.org", role: "viewer", password: PASSWORD });
    // A finished offline run (the profile baseline needs no model) to look at and share.
    const dataset = await importRunDataset(db, "LaMP-2", 4, "LaMP-2 access test");
    const versionId = await createTestPipeline(db, "profile-baseline");
    const service = createRunService(db, new LocalRunExecutor(nodeRegistry), { registry: nodeRegistry });
    runId = (await service.create({ pipelineVersionId: versionId, datasetId: dataset.datasetId, config: { limit: 4 } })).runId;
    await service.start(runId);
    await service.waitUntilStopped(runId);
  });

  afterAll(async () => {
    await outsider?.close();
    await db?.$disconnect();
    await session?.close();
  });

  async function signIn(page: Page, email: string, next = "/runs") {
    await page.goto(`${session.studio.baseUrl}${next}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByTestId("sign-in-email").fill(email);
    await page.getByTestId("sign-in-password").fill(PASSWORD);
    await page.getByTestId("sign-in-submit").click();
    await page.waitForURL((url) => url.pathname === next);
  }

  it("sends a visitor to sign in, refuses a wrong password, and lets a viewer read but not act", async () => {
    const { page } = await watchedPage(session.browser, { width: 1440, height: 900 }, { console: false });
    await page.goto(`${session.studio.baseUrl}/runs`);
    await page.waitForURL(/\/sign-in\?next=%2Fruns/);
    await page.getByTestId("sign-in-email").fill("viewer@lab.org");
    await page.getByTestId("sign-in-password").fill("not the password");
    await page.getByTestId("sign-in-submit").click();
    await expect(page.getByTestId("sign-in-error").innerText()).resolves.toBe("Wrong e-mail or password.");
    await page.screenshot({ path: path.join(RESULTS_DIR, "access-sign-in.png") });

    await page.getByTestId("sign-in-password").fill(PASSWORD);
    await page.getByTestId("sign-in-submit").click();
    await page.waitForURL((url) => url.pathname === "/runs");
    await expect(page.getByTestId("user-menu").innerText()).resolves.toMatch(/viewer@lab\.org\s+viewer/);
    await page.getByTestId("run-row").first().waitFor();
    expect(await page.getByTestId("import-bundle-input").count()).toBe(0);

    await page.goto(`${session.studio.baseUrl}/runs/${runId}`);
    await page.getByTestId("run-header").waitFor();
    await page.getByTestId("run-progress-label").filter({ hasText: "4 / 4" }).waitFor();
    expect(await page.getByTestId("share-toggle").count()).toBe(0);
    expect(await page.getByTestId("resume-run").count()).toBe(0);
    await page.screenshot({ path: path.join(RESULTS_DIR, "access-viewer-run.png"), fullPage: true });

    await page.goto(`${session.studio.baseUrl}/`);
    await page.getByTestId("dataset-table").waitFor();
    expect(await page.getByTestId("dataset-study").count()).toBe(0);

    await page.getByTestId("sign-out").click();
    await page.waitForURL(/\/sign-in/);
    await page.close();
  });

  it("an editor makes a read-only link; a browser that never signed in opens it; revoked, it stops", async () => {
    const { page, consoleErrors } = await watchedPage(session.browser, { width: 1440, height: 900 });
    await signIn(page, "editor@lab.org", `/runs/${runId}`);
    await page.getByTestId("share-toggle").click();
    await page.getByTestId("share-create").click();
    shareUrl = await page.getByTestId("share-url").inputValue();
    expect(shareUrl).toMatch(new RegExp(`^${session.studio.baseUrl}/share/[A-Za-z0-9_-]{43}$`));
    await page.getByTestId("share-links").getByText("active").waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "access-share-panel.png") });

    outsider = await launchBrowser();
    for (const [size, name] of [
      [{ width: 1440, height: 900 }, "access-shared-run.png"],
      [{ width: 390, height: 844 }, "access-shared-run-phone.png"],
    ] as const) {
      const shared = await watchedPage(outsider, size);
      await shared.page.goto(shareUrl);
      await shared.page.getByTestId("shared-view").getByTestId("run-header").waitFor();
      const text = await shared.page.locator("body").innerText();
      expect(text).toContain("Shared read-only view");
      expect(text).not.toContain("Pipelines");
      expect(await shared.page.getByTestId("resume-run").count()).toBe(0);
      expect(await shared.page.getByTestId("share-toggle").count()).toBe(0);
      // The traces open too.
      await shared.page.getByTestId("item-row").first().click();
      await shared.page.getByText("Example", { exact: false }).first().waitFor();
      await shared.page.screenshot({ path: path.join(RESULTS_DIR, name), fullPage: true });
      expect(shared.consoleErrors).toEqual([]);
      // Nothing else in the studio: the runs list refuses this browser.
      const refused = await shared.page.request.get(`${session.studio.baseUrl}/api/trpc/runs.list?input=${encodeURIComponent('{"json":{}}')}`);
      expect(refused.status()).toBe(401);
      await shared.page.close();
    }

    await page.getByTestId("share-revoke").click();
    await page.getByTestId("share-links").getByText("revoked").waitFor();
    const after = await watchedPage(outsider, { width: 1440, height: 900 }, { console: false });
    await after.page.goto(shareUrl);
    await expect(after.page.getByTestId("share-invalid").innerText()).resolves.toMatch(/does not work/);
    await after.page.close();
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
