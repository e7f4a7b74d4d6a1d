/** What every browser test file sets up: the built studio on a fresh database, and Chromium. */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, type Browser } from "./browser";
import { REPO_ROOT } from "./sharedData";
import { ensureStudioBuilt, startStudio, type RunningStudio } from "./studioServer";

/** Where browser tests write their screenshots. */
export const RESULTS_DIR = path.join(REPO_ROOT, "test-results");

export type StudioSession = { studio: RunningStudio; browser: Browser; close(): Promise<void> };

/** Builds the studio if needed, starts it with `env`, launches Chromium. */
export async function startStudioSession(env: Record<string, string> = {}): Promise<StudioSession> {
  const build = ensureStudioBuilt();
  if (build.built) console.log(`Built the studio for browser tests in ${build.seconds.toFixed(1)} s`);
  const studio = await startStudio(env);
  const browser = await launchBrowser();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  return {
    studio,
    browser,
    async close() {
      await browser.close();
      await studio.stop();
    },
  };
}

/**
 * A new page of the given size that records every uncaught page error and (unless `console` is
 * false, for a test that provokes refused requests on purpose) every console error.
 */
export async function watchedPage(
  browser: Browser,
  size = { width: 1440, height: 900 },
  options: { console?: boolean } = {},
): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  const consoleErrors: string[] = [];
  if (options.console !== false) page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  return { page, consoleErrors };
}
