import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, hasChromium } from "../support/browser";
import { RESULTS_DIR, startStudioSession, watchedPage, type StudioSession } from "../support/studioSession";

if (!hasChromium) console.warn(`[skip] ${chromiumSkipReason}`);

describe.skipIf(!hasChromium)("pipeline editor to run dashboard in Chromium", () => {
  let session: StudioSession;

  beforeAll(async () => {
    session = await startStudioSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it("opens the profile baseline template, runs it on a sample dataset and shows metrics and charts", async () => {
    const { page, consoleErrors } = await watchedPage(session.browser);

    // The pipelines list, templates first, reached from the top bar.
    await page.goto(session.studio.baseUrl);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipelines" }).click();
    await page.getByTestId("pipeline-table").waitFor({ timeout: 30_000 });
    const firstRow = await page.getByTestId("pipeline-row").first().innerText();
    expect(firstRow).toContain("template");

    // The editor: the template's four nodes with typed ports, and a valid graph.
    await page.getByRole("link", { name: "Profile baseline (no LLM)" }).click();
    await page.getByTestId("pipeline-editor").waitFor({ timeout: 30_000 });
    const nodes = page.getByTestId("flow-node");
    await expect.poll(() => nodes.count(), { timeout: 30_000 }).toBe(4);
    await expect.poll(() => page.getByTestId("validity").innerText(), { timeout: 30_000 }).toBe("Valid");
    expect(await page.locator('[data-node-id="retrieve"] .react-flow__handle[data-handleid="out:items"]').count()).toBe(1);

    // Selecting a node opens its schema-generated params form.
    await page.locator('[data-node-id="retrieve"] .pnode-title').click();
    await page.getByTestId("params-form").waitFor();
    expect(await page.getByTestId("node-inspector").innerText()).toContain("How many profile items to retrieve");
    await page.screenshot({ path: path.join(RESULTS_DIR, "pipeline-editor.png") });

    // Run it from the Run panel on a sample dataset; no model is needed.
    await page.getByTestId("tab-run").click();
    const dataset = page.getByTestId("run-dataset");
    const value = await dataset.locator("option", { hasText: "LaMP-5 sample (dev)" }).first().getAttribute("value");
    expect(value).toBeTruthy();
    await dataset.selectOption(value!);
    await page.getByTestId("start-run").click();

    await page.waitForURL(/\/runs\/[^/]+$/, { timeout: 30_000 });
    await page.getByTestId("run-status").filter({ hasText: "completed" }).waitFor({ timeout: 60_000 });
    const metrics = page.getByTestId("official-metric");
    await metrics.first().waitFor({ timeout: 30_000 });
    const metricText = await metrics.first().innerText();
    expect(metricText).toContain("ROUGE-1");
    expect(metricText).toMatch(/\d\.\d{2}/); // 3 significant digits (metric catalog)
    await page.locator("svg.recharts-surface").first().waitFor({ timeout: 30_000 });
    expect(await page.locator("svg.recharts-surface").count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("run-progress-label").innerText()).toMatch(/^(\d+) \/ \1$/);

    // The items table opens the trace of one example.
    await page.getByTestId("item-row").first().click();
    await page.getByTestId("trace-view").waitFor({ timeout: 30_000 });
    expect((await page.getByTestId("trace-view").innerText()).toLowerCase()).toContain("retrieved profile items");
    await page.keyboard.press("Escape");

    // The top bar is sticky: scroll back up so the full-page screenshot shows it where it belongs.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(RESULTS_DIR, "run-dashboard.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
