import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, hasChromium } from "../support/browser";
import { RESULTS_DIR, startStudioSession, watchedPage, type StudioSession } from "../support/studioSession";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../support/fakeOpenAiServer";
import { runToCompletion, saveEndpointInForm } from "../support/studioPages";

if (!hasChromium) console.warn(`[skip] ${chromiumSkipReason}`);

describe.skipIf(!hasChromium)("a run keeps its model: resume refuses a changed endpoint until the user re-pins, in Chromium", () => {
  let session: StudioSession;
  let model: FakeOpenAiServer;

  beforeAll(async () => {
    model = await startFakeOpenAiServer({ defaultReply: { content: "politics" } });
    session = await startStudioSession({ STUDIO_SECRET_KEY: "e2e master key" });
  });

  afterAll(async () => {
    await session?.close();
    await model?.close();
  });

  it("shows what changed, offers Re-pin, and the resumed items use the endpoint as it is now", async () => {
    // The refused resume is an HTTP 400 the browser logs: only uncaught page errors count here.
    const { page, consoleErrors } = await watchedPage(session.browser, { width: 1280, height: 900 }, { console: false });

    await saveEndpointInForm(page, session.studio.baseUrl, { baseUrl: model.baseUrl, model: "model-one" });
    await page.getByRole("button", { name: "Save endpoint" }).click();
    await page.getByTestId("endpoint-table").filter({ hasText: "model-one" }).waitFor({ timeout: 30_000 });

    // The first request fails (HTTP 400 is not retried): the run completes with one failed item to retry.
    model.setRules([{ match: { requestIndex: 0 }, reply: { kind: "error", status: 400, message: "bad request for this one" } }]);
    const runUrl = `${session.studio.baseUrl}/runs/${await runToCompletion(page, "LaMP baseline (no profile)", "LaMP-2N sample (dev)")}`;
    expect(await page.getByTestId("run-endpoint-generate").innerText()).toContain("model-one");

    // The endpoint is edited to another model.
    await page.goto(`${session.studio.baseUrl}/settings`);
    await page.getByRole("button", { name: "edit" }).first().click();
    await page.getByLabel("Model", { exact: true }).fill("model-two");
    await page.getByRole("button", { name: "Save endpoint" }).click();
    await page.getByTestId("endpoint-table").filter({ hasText: "model-two" }).waitFor({ timeout: 30_000 });

    // Resume is refused, naming the change; nothing is sent to the model.
    await page.goto(runUrl);
    const requestsBefore = model.requests.length;
    await page.getByTestId("resume-run").click();
    const refusal = page.locator(".run-header .error").filter({ hasText: "model was model-one, now model-two" });
    await refusal.waitFor({ timeout: 30_000 });
    expect(model.requests.length).toBe(requestsBefore);
    await page.getByTestId("run-header").screenshot({ path: path.join(RESULTS_DIR, "run-repin-refused.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("run-header").screenshot({ path: path.join(RESULTS_DIR, "run-repin-refused-phone.png") });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Re-pin: the failed item runs again on model-two, and the header records the re-pin.
    await page.getByTestId("repin-run").click();
    await page.getByTestId("run-header").filter({ hasText: "Re-pinned" }).waitFor({ timeout: 30_000 });
    await page.getByTestId("run-status").filter({ hasText: "completed" }).waitFor({ timeout: 60_000 });
    const resumed = model.requests.slice(requestsBefore).map((r) => r.body?.model);
    expect(resumed).toEqual(["model-two"]);
    expect(await page.getByTestId("run-endpoint-generate").innerText()).toContain("model-two");
    expect(await page.getByTestId("run-progress-label").innerText()).not.toContain("failed");
    await page.getByTestId("run-header").screenshot({ path: path.join(RESULTS_DIR, "run-repinned.png") });
    expect(consoleErrors).toEqual([]);
  });
});
