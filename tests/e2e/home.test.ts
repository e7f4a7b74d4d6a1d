import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, hasChromium, launchBrowser, type Browser } from "../support/browser";
import { REPO_ROOT } from "../support/sharedData";
import { ensureStudioBuilt, startStudio, type RunningStudio } from "../support/studioServer";

if (!hasChromium) console.warn(`[skip] ${chromiumSkipReason}`);

describe.skipIf(!hasChromium)("home page in Chromium", () => {
  let studio: RunningStudio;
  let browser: Browser;

  beforeAll(async () => {
    const build = ensureStudioBuilt();
    if (build.built) console.log(`Built the studio for browser tests in ${build.seconds.toFixed(1)} s`);
    studio = await startStudio();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
  });

  it("lists every built-in sample dataset with its task and example count", async () => {
    const page = await browser.context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await page.goto(studio.baseUrl);
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
    fs.mkdirSync(path.join(REPO_ROOT, "test-results"), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, "test-results", "home.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
