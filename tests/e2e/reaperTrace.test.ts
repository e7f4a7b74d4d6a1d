import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, hasChromium } from "../support/browser";
import { RESULTS_DIR, startStudioSession, watchedPage, type StudioSession } from "../support/studioSession";
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from "../support/fakeOpenAiServer";
import { runToCompletion, saveEndpointInForm } from "../support/studioPages";

if (!hasChromium) console.warn(`[skip] ${chromiumSkipReason}`);

/**
 * An R1-style model for the ReaPer template: each candidate writes the HRT stages, then dithers
 * (three markers, then a paragraph break, where RPI checks and fires); a continuation commits;
 * the synthesis call answers from the candidates.
 */
function reaperModel(request: RecordedRequest) {
  if (request.lastUserMessage?.includes("You answered the task above")) {
    return { reasoning: "Two of the three candidates say politics, and the user writes about the senate.", content: "politics" };
  }
  if (request.continuation) return { content: " Stage 3 - Response generation: the user writes about politics.</think>politics" };
  const deltas = [
    "Stage 1 - Requirement analysis: one category of the list.",
    "\n\nStage 2 - User profile synthesis: [1] is about the senate, so the user writes politics.",
    " Wait, maybe business.",
    " Hmm, or sports.",
    " Alternatively, crime.",
    "\n\nI need to decide.",
    " The budget vote is politics.",
  ].map((reasoning) => ({ reasoning }));
  return { deltas: [...deltas, { content: "politics" }] };
}

describe.skipIf(!hasChromium)("the trace viewer of a ReaPer item, in Chromium", () => {
  let session: StudioSession;
  let model: FakeOpenAiServer;

  beforeAll(async () => {
    model = await startFakeOpenAiServer({ rules: [{ reply: reaperModel }] });
    session = await startStudioSession({ STUDIO_SECRET_KEY: "e2e master key" });
  });

  afterAll(async () => {
    await session?.close();
    await model?.close();
  });

  it("shows the stages, the injected thoughts apart with their rule, and the three candidates with the synthesis", async () => {
    const { page, consoleErrors } = await watchedPage(session.browser);

    await saveEndpointInForm(page, session.studio.baseUrl, { baseUrl: model.baseUrl, model: "fake-r1" });
    await page.getByLabel("Continuation (for reasoning intervention)").selectOption("vllm");
    await page.getByRole("button", { name: "Save endpoint" }).click();
    await page.getByTestId("endpoint-table").filter({ hasText: "fake-r1" }).waitFor({ timeout: 30_000 });

    await runToCompletion(page, "ReaPer (HRT + RPI + SRM)", "LaMP-2N sample (dev)");
    // The dashboard counts the interventions apart from the reasoning signals.
    const interventions = page.getByTestId("interventions-panel");
    await interventions.waitFor({ timeout: 30_000 });
    expect(await interventions.innerText()).toContain("hesitation");
    await page.getByTestId("failure-dashboard").screenshot({ path: path.join(RESULTS_DIR, "reaper-dashboard.png") });
    await page.screenshot({ path: path.join(RESULTS_DIR, "reaper-run-page.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(RESULTS_DIR, "reaper-run-page-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The items table filters by signal on the server.
    await page.getByTestId("signal-filter").selectOption("intervened");
    await page.getByTestId("item-row").first().waitFor({ timeout: 30_000 });
    await page.getByTestId("item-row").first().click();
    const trace = page.getByTestId("trace-view");
    await trace.waitFor({ timeout: 30_000 });

    const candidates = trace.getByTestId("srm-candidate");
    await candidates.first().waitFor({ timeout: 30_000 });
    expect(await candidates.count()).toBe(3);
    expect(await trace.getByTestId("thread-synthesis").innerText()).toContain("Two of the three candidates say politics");
    // Each candidate: the model's own stage headers highlighted, the hesitation thought injected by RPI shown apart.
    const first = candidates.first();
    expect(await first.locator(".hl-stage").count()).toBeGreaterThanOrEqual(2);
    expect(await first.locator(".hl-hesitation").count()).toBe(3);
    const injected = first.getByTestId("injected-span");
    expect(await injected.count()).toBe(1);
    expect(await injected.textContent()).toContain("RPI · hesitation");
    expect(await injected.innerText()).toContain("Enough deliberation");
    expect(await first.innerText()).toContain("agrees");
    // Retrieved items say whether they were used, and why.
    expect(await trace.getByTestId("retrieved-item").first().innerText()).toMatch(/used/u);

    // The drawer scrolls on its own: screenshots of the page with the candidates in view.
    await candidates.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS_DIR, "reaper-trace.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await candidates.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS_DIR, "reaper-trace-phone.png") });
    expect(consoleErrors).toEqual([]);
  });
});
