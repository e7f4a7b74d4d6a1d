/**
 * Data in the studio, in Chromium: import real LaMP files through the dialog (uploaded as streams),
 * browse the dataset page, refuse a bad file with its location, rename and delete the dataset (with
 * the runs it takes along), archive a pipeline, delete a run, and a missing run's page answering at once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../server/db/client";
import { chromiumSkipReason, hasChromium } from "../support/browser";
import { hasLampReal, lampRealFile, lampRealSkipReason, REPO_ROOT } from "../support/sharedData";
import { createTestPipeline, createTestRun } from "../support/runFixtures";
import { RESULTS_DIR, startStudioSession, watchedPage, type StudioSession } from "../support/studioSession";

if (!hasChromium) console.warn(`[skip] ${chromiumSkipReason}`);
if (!hasLampReal) console.warn(`[skip] ${lampRealSkipReason}; the import uses the built-in LaMP-2N sample files instead`);

/** Real LaMP-2 (news) dev files when ../shared has them, else the built-in sample of the same task. */
const FILES = hasLampReal
  ? { questions: lampRealFile("LaMP_2_news", "dev_questions.json"), outputs: lampRealFile("LaMP_2_news", "dev_outputs.json") }
  : { questions: path.join(REPO_ROOT, "samples", "lamp", "LaMP_2N", "dev_questions.json"), outputs: path.join(REPO_ROOT, "samples", "lamp", "LaMP_2N", "dev_outputs.json") };

describe.skipIf(!hasChromium)("datasets, pipelines and runs managed in Chromium", () => {
  let session: StudioSession;
  let db: Db;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "studio-data-e2e-"));

  beforeAll(async () => {
    session = await startStudioSession();
    db = openDatabase(`file:${session.studio.databaseFile}`);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await session?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("imports LaMP files through the dialog, shows the dataset page, renames and deletes it with its run", async () => {
    const { page, consoleErrors } = await watchedPage(session.browser, { width: 1440, height: 900 });
    await page.goto(session.studio.baseUrl);
    await page.getByTestId("import-dataset").click();
    await page.getByTestId("import-questions").setInputFiles(FILES.questions);
    await page.getByTestId("import-outputs").setInputFiles(FILES.outputs);
    await page.getByTestId("import-name").fill("LaMP-2N uploaded");
    await page.screenshot({ path: path.join(RESULTS_DIR, "data-import-dialog.png") });
    await page.getByTestId("import-submit").click();
    await page.waitForURL(/\/datasets\/[^/]+$/, { timeout: 60_000 });
    await page.getByTestId("dataset-view").waitFor();
    const records = (JSON.parse(fs.readFileSync(FILES.questions, "utf8")) as unknown[]).length;
    await expect(page.getByTestId("dataset-examples").innerText()).resolves.toBe(String(records));
    await page.getByTestId("dataset-example-row").first().click();
    await page.getByTestId("dataset-example").getByText("Profile (").waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "data-dataset-page.png"), fullPage: true });
    await page.keyboard.press("Escape");

    const datasetId = page.url().split("/").pop()!;
    const dataset = await db.dataset.findUniqueOrThrow({ where: { id: datasetId } });
    expect([dataset.name, dataset.task, dataset.exampleCount]).toEqual(["LaMP-2N uploaded", "LaMP-2N", records]);

    await page.getByTestId("dataset-rename").click();
    await page.getByTestId("dataset-rename-input").fill("LaMP-2N news (dev, uploaded)");
    await page.getByTestId("dataset-rename-input").press("Enter");
    await page.getByRole("heading", { name: "LaMP-2N news (dev, uploaded)" }).waitFor();

    const runId = await createTestRun(db, await createTestPipeline(db, "profile-baseline"), datasetId, { limit: 2 });
    await page.reload();
    await page.getByTestId("dataset-delete").click();
    await expect(page.getByTestId("dataset-delete-confirm").innerText()).resolves.toMatch(/and 1 run\(s\) with their items/);
    await page.screenshot({ path: path.join(RESULTS_DIR, "data-dataset-delete.png") });
    await page.getByTestId("dataset-delete-yes").click();
    await page.waitForURL((url) => url.pathname === "/");
    expect(await db.dataset.count({ where: { id: datasetId } })).toBe(0);
    expect(await db.run.count({ where: { id: runId } })).toBe(0);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it("refuses a bad file with the importer's located error and stores nothing", async () => {
    const bad = path.join(work, "dev_questions.json");
    fs.writeFileSync(bad, JSON.stringify([{ id: "1", input: "Which category does this article relate to?" }]));
    const before = await db.dataset.count();
    const { page } = await watchedPage(session.browser, { width: 1440, height: 900 }, { console: false });
    await page.goto(session.studio.baseUrl);
    await page.getByTestId("import-dataset").click();
    await page.getByTestId("import-questions").setInputFiles(bad);
    await page.getByTestId("import-name").fill("bad upload");
    await page.getByTestId("import-submit").click();
    const error = await page.getByTestId("import-error").innerText();
    expect(error).toMatch(/dev_questions\.json: record 0/);
    await page.screenshot({ path: path.join(RESULTS_DIR, "data-import-error.png") });
    expect(await db.dataset.count()).toBe(before);
    await page.close();
  });

  it("archives a pipeline and deletes a run; a missing run's page says so at once", async () => {
    const { page } = await watchedPage(session.browser, { width: 1440, height: 900 }, { console: false });
    await page.goto(`${session.studio.baseUrl}/pipelines`);
    const firstRow = page.getByTestId("pipeline-row").first();
    const name = await firstRow.locator("a").first().innerText();
    await firstRow.getByTestId("pipeline-archive").click();
    await page.getByTestId("pipeline-row").filter({ hasText: name }).waitFor({ state: "detached" });
    await page.getByTestId("show-archived").check();
    await page.getByTestId("pipeline-row").filter({ hasText: name }).waitFor();

    const datasetId = (await db.dataset.findFirstOrThrow()).id;
    const runId = await createTestRun(db, await createTestPipeline(db, "profile-baseline"), datasetId, { limit: 1 });
    await page.goto(`${session.studio.baseUrl}/runs/${runId}`);
    await page.getByTestId("run-delete").click();
    await page.getByTestId("run-delete-yes").click();
    await page.waitForURL((url) => url.pathname === "/runs");
    expect(await db.run.count({ where: { id: runId } })).toBe(0);

    // Not found is an answer, not retried for seconds behind "Loading run…".
    await page.goto(`${session.studio.baseUrl}/runs/${runId}`);
    await page.getByText(`Run ${runId} does not exist.`).waitFor({ timeout: 3_000 });
    await page.close();
  });

  it("a record damaged in the database shows a located error on its own page; the rest of the studio works", async () => {
    const datasetId = (await db.dataset.findFirstOrThrow()).id;
    const good = await createTestRun(db, await createTestPipeline(db, "profile-baseline"), datasetId, { limit: 1 });
    const damaged = await createTestRun(db, await createTestPipeline(db, "profile-baseline"), datasetId, { limit: 1 });
    await db.run.update({ where: { id: damaged }, data: { name: "damaged run", summaryJson: '{"official": "not an object", "items": -1' } });
    const { page } = await watchedPage(session.browser, { width: 1440, height: 900 }, { console: false });
    await page.goto(`${session.studio.baseUrl}/runs/${damaged}`);
    await page.getByText(new RegExp(`Could not load the run: Run ${damaged}\\.summaryJson: not valid JSON`)).waitFor({ timeout: 10_000 });
    await page.goto(`${session.studio.baseUrl}/runs`);
    await page.getByTestId("run-row").filter({ hasText: "damaged run" }).waitFor();
    await page.goto(`${session.studio.baseUrl}/runs/${good}`);
    await page.getByTestId("run-header").waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "data-damaged-record.png") });
    await page.close();
  });
});
