import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, hasChromium } from "../support/browser";
import { RESULTS_DIR, startStudioSession, watchedPage, type StudioSession } from "../support/studioSession";
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from "../support/fakeOpenAiServer";

if (!hasChromium) console.warn(`[skip] ${chromiumSkipReason}`);

/**
 * Two models behind one fake server: "r1" thinks, then answers the category of the first profile
 * item it was shown (so its accuracy moves with k); "chat" answers "politics" at once.
 */
function twoModels(request: RecordedRequest) {
  if (request.body.model !== "r1") return { content: "politics" };
  const category = /category: ([^;\n]+)/u.exec(request.lastUserMessage ?? "")?.[1]?.trim() ?? "politics";
  return { reasoning: `The user's past items are about ${category}. Wait, maybe business. ${category}.`, content: category };
}

describe.skipIf(!hasChromium)("a study started from the Experiments page, in Chromium", () => {
  let session: StudioSession;
  let model: FakeOpenAiServer;

  beforeAll(async () => {
    model = await startFakeOpenAiServer({ rules: [{ reply: twoModels }] });
    session = await startStudioSession({ STUDIO_SECRET_KEY: "e2e master key" });
  });

  afterAll(async () => {
    await session?.close();
    await model?.close();
  });

  it("starts LRM vs LLM across k on a sample dataset and reads its curves, cells and contrasts", async () => {
    const { page, consoleErrors } = await watchedPage(session.browser);
    // Two endpoints on the Models page: a reasoning model and a general one.
    for (const [name, modelName] of [
      ["r1", "r1"],
      ["chat", "chat"],
    ]) {
      await page.goto(`${session.studio.baseUrl}/settings`);
      await page.getByLabel("Name").fill(name!);
      await page.getByLabel("Base URL").fill(model.baseUrl);
      await page.getByLabel("Model", { exact: true }).fill(modelName!);
      // RPI (in the ablation study) continues the reasoning model's turn the vLLM way.
      await page.getByLabel("Continuation (for reasoning intervention)").selectOption("vllm");
      await page.getByRole("button", { name: "Save endpoint" }).click();
      await page.getByTestId("endpoint-table").filter({ hasText: modelName! }).waitFor({ timeout: 30_000 });
    }

    // One click from the datasets list: the study form opens with the dataset chosen.
    await page.goto(session.studio.baseUrl);
    await page.getByTestId("dataset-row").filter({ hasText: "LaMP-2N sample (dev)" }).getByTestId("dataset-study").click();
    await page.waitForURL(/\/experiments\?dataset=/u, { timeout: 30_000 });
    const form = page.getByTestId("new-study");
    await form.getByTestId("study-select").selectOption("lrm-vs-llm-k");
    const dataset = form.getByTestId("study-dataset");
    expect(await dataset.locator("option:checked").innerText()).toContain("LaMP-2N sample (dev)");
    await form.getByTestId("study-model-a").selectOption("r1");
    await form.getByTestId("study-model-b").selectOption("chat");
    await form.getByLabel("Limit").fill("4");
    // Its size before it starts: 2 models x 5 values of k, 4 examples each, one call per item.
    await form.getByTestId("study-size").filter({ hasText: "10 runs · 40 items · 40 model calls" }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(RESULTS_DIR, "experiment-new-study.png"), fullPage: true });
    await form.getByTestId("start-study").click();

    await page.waitForURL(/\/experiments\/[^/]+$/, { timeout: 30_000 });
    await page.getByTestId("experiment-status").filter({ hasText: "completed" }).waitFor({ timeout: 90_000 });
    expect(await page.getByTestId("experiment-cell").count()).toBe(10);
    const lrmExperimentId = page.url().split("/").pop()!;
    await page.screenshot({ path: path.join(RESULTS_DIR, "experiment-page.png"), fullPage: true });
    // One line per model over k, each with its interval band.
    const chart = page.getByTestId("experiment-chart");
    await chart.locator(".recharts-line").first().waitFor({ state: "attached", timeout: 30_000 });
    expect(await chart.locator(".recharts-line").count()).toBe(2);
    expect(await chart.locator(".recharts-area").count()).toBe(2);
    expect(await chart.innerText()).toContain("model=r1");
    expect(await page.getByTestId("experiment-contrasts").innerText()).toContain("retrieve.k");
    // Each failure-mode aggregate against k too: one value per run, so lines without bands.
    await page.getByTestId("experiment-measure").selectOption("medianReasoningTokens");
    await chart.getByText("Median reasoning tokens by cell").waitFor({ timeout: 30_000 });
    expect(await chart.locator(".recharts-line").count()).toBe(2);
    expect(await chart.locator(".recharts-area-area").count()).toBe(0);
    await chart.screenshot({ path: path.join(RESULTS_DIR, "experiment-reasoning-tokens.png") });
    await page.getByTestId("experiment-measure").selectOption("metric");
    // The thinker's runs went to the thinker: 20 requests each.
    expect(model.requests.filter((r) => r.body.model === "r1")).toHaveLength(20);
    expect(model.requests.filter((r) => r.body.model === "chat")).toHaveLength(20);
    await page.screenshot({ path: path.join(RESULTS_DIR, "experiment-page.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(RESULTS_DIR, "experiment-page-phone.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);

    // The ReaPer ablation from the same form, on the reasoning model: five matched variants, each against the full pipeline.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${session.studio.baseUrl}/experiments`);
    await form.getByTestId("study-select").selectOption("reaper-ablation");
    await dataset.selectOption((await dataset.locator("option", { hasText: "LaMP-2N sample (dev)" }).first().getAttribute("value"))!);
    await form.getByTestId("study-model-a").selectOption("r1");
    await form.getByLabel("Limit").fill("4");
    await form.getByTestId("study-size").filter({ hasText: "5 runs · 20 items" }).waitFor({ timeout: 30_000 });
    await form.getByTestId("start-study").click();
    await page.waitForURL(/\/experiments\/[^/]+$/, { timeout: 30_000 });
    await page.getByTestId("experiment-status").filter({ hasText: "completed" }).waitFor({ timeout: 90_000 });
    expect(await page.getByTestId("experiment-cell").count()).toBe(5);
    await page.screenshot({ path: path.join(RESULTS_DIR, "experiment-ablation.png"), fullPage: true });
    // (This fake model is right under every variant: the differences are 0, so the bars have no height.)
    const bars = page.getByTestId("experiment-contrast-chart");
    await bars.getByText("vanilla (model=r1)").waitFor({ timeout: 30_000 });
    expect(await bars.innerText()).toContain("each ablation against full");
    expect(await page.getByTestId("experiment-contrasts").locator("tbody tr").count()).toBe(4);

    // The report opens with no network: its chart is inline SVG, one line and one band per model.
    const experimentId = lrmExperimentId;
    const report = await page.request.get(`${session.studio.baseUrl}/api/experiments/${experimentId}/report?format=html`);
    expect(report.status()).toBe(200);
    const file = path.join(RESULTS_DIR, "experiment-report.html");
    fs.writeFileSync(file, await report.text());
    const context = session.browser.context;
    await context.setOffline(true);
    try {
      const offline = await context.newPage();
      await offline.goto(`file://${file}`);
      expect(await offline.locator("svg polyline").count()).toBe(2);
      expect(await offline.locator("svg polygon").count()).toBe(2);
      expect(await offline.locator("h2", { hasText: "Findings" }).count()).toBe(1);
      await offline.screenshot({ path: path.join(RESULTS_DIR, "experiment-report.png"), fullPage: true });
    } finally {
      await context.setOffline(false);
    }
  });
});
