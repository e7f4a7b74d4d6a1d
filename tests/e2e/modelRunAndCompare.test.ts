import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, hasChromium } from "../support/browser";
import { RESULTS_DIR, startStudioSession, watchedPage, type StudioSession } from "../support/studioSession";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../support/fakeOpenAiServer";
import { runToCompletion, saveEndpointInForm } from "../support/studioPages";

if (!hasChromium) console.warn(`[skip] ${chromiumSkipReason}`);

const API_KEY = "sk-e2e-never-shown-7731";

/**
 * A reasoning model that always thinks a little, hesitates once and answers "politics": on the
 * LaMP-2N sample (one politics writer among seven) that is right for some examples only, so the
 * comparison with the profile baseline has examples whose answers differ.
 */
function reasoningReply() {
  return { reasoning: "The user writes about the senate. Wait, maybe business. I will answer politics.", content: "politics" };
}

describe.skipIf(!hasChromium)("a model from the Models page, a reasoning run, and a comparison, in Chromium", () => {
  let session: StudioSession;
  let model: FakeOpenAiServer;

  beforeAll(async () => {
    model = await startFakeOpenAiServer({ requireApiKey: API_KEY, defaultReply: reasoningReply() });
    session = await startStudioSession({ STUDIO_SECRET_KEY: "e2e master key" });
  });

  afterAll(async () => {
    await session?.close();
    await model?.close();
  });

  it("saves an endpoint with a hidden key, runs the vanilla reasoning template on it and compares it with the profile baseline", async () => {
    const { page, consoleErrors } = await watchedPage(session.browser);

    // The Models page: one form, the key goes in and never comes back.
    await saveEndpointInForm(page, session.studio.baseUrl, { baseUrl: model.baseUrl, model: "fake-reasoner", apiKey: API_KEY });
    await page.getByLabel("Continuation (for reasoning intervention)").selectOption("vllm");
    await page.getByRole("button", { name: "Save endpoint" }).click();
    await page.getByTestId("endpoint-table").filter({ hasText: "stored (hidden)" }).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Test" }).click();
    await page.getByTestId("endpoint-check").filter({ hasText: "Answered" }).waitFor({ timeout: 30_000 });
    expect(await page.content()).not.toContain(API_KEY);

    // A reasoning-model run through that endpoint: the server used the key, the dashboard shows the traces.
    const modelRun = await runToCompletion(page, "Reasoning model, vanilla", "LaMP-2N sample (dev)");
    expect(model.requestsTo("/v1/chat/completions").every((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    const metric = page.getByTestId("official-metric").first();
    await metric.waitFor({ timeout: 30_000 });
    expect(await metric.innerText()).toContain("Accuracy");
    await page.locator("svg.recharts-surface").first().waitFor({ timeout: 30_000 });
    expect(await page.content()).not.toContain(API_KEY);
    // The header names the endpoint the generate node used, as pinned when the run was created.
    const pinned = await page.getByTestId("run-endpoint-generate").innerText();
    expect(pinned).toContain("fake-reasoner");
    expect(pinned).toContain(model.baseUrl);
    expect(pinned).toContain("API key set (never shown)");
    await page.getByTestId("run-header").screenshot({ path: path.join(RESULTS_DIR, "run-header-endpoints.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("run-header").screenshot({ path: path.join(RESULTS_DIR, "run-header-endpoints-phone.png") });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The profile baseline on the same examples, then both side by side with paired intervals.
    const baselineRun = await runToCompletion(page, "Profile baseline (no LLM)", "LaMP-2N sample (dev)");
    await page.goto(`${session.studio.baseUrl}/runs/compare?ids=${baselineRun},${modelRun}`);
    await page.getByTestId("paired-comparison").filter({ hasText: "Accuracy (per example)" }).waitFor({ timeout: 30_000 });
    const differences = page.getByTestId("example-differences");
    await differences.waitFor({ timeout: 30_000 });
    expect(await differences.innerText()).toContain("politics");
    await page.screenshot({ path: path.join(RESULTS_DIR, "run-comparison.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
