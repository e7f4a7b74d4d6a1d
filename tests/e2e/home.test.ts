import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, hasChromium } from "../support/browser";
import { REPO_ROOT } from "../support/sharedData";
import { RESULTS_DIR, startStudioSession, watchedPage, type StudioSession } from "../support/studioSession";

if (!hasChromium) console.warn(`[skip] ${chromiumSkipReason}`);

describe.skipIf(!hasChromium)("home page in Chromium", () => {
  let session: StudioSession;

  beforeAll(async () => {
    session = await startStudioSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it("lists every built-in sample dataset with its task and example count", async () => {
    const { page, consoleErrors } = await watchedPage(session.browser, { width: 1280, height: 720 });
    await page.goto(session.studio.baseUrl);
    await page.getByTestId("dataset-table").waitFor({ timeout: 30_000 });

    const rows = page.getByTestId("dataset-row");
    const texts = await rows.allInnerTexts();
    const sampleFolders = fs.readdirSync(path.join(REPO_ROOT, "samples", "lamp")).filter((f) => /^LaMP_\d+N?$/.test(f));
    expect(texts.length).toBe(sampleFolders.length);
    for (const folder of sampleFolders) {
      const task = folder.replace("LaMP_", "LaMP-");
      const questions = JSON.parse(
        fs.readFileSync(path.join(REPO_ROOT, "samples", "lamp", folder, "dev_questions.json"), "utf8"),
      ) as unknown[];
      const row = texts.find((t) => t.includes(`${task} sample (dev)`));
      expect(row, `row for ${task}`).toBeDefined();
      expect(row).toContain(String(questions.length));
    }
    await page.screenshot({ path: path.join(RESULTS_DIR, "home.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
