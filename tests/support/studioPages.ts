/** Steps the browser tests take through the studio's pages, as a user would. */
import type { Page } from "playwright-core";

/** Saves an endpoint on the Models page (the form's default name, "default"). */
export async function saveEndpointInForm(page: Page, studioUrl: string, endpoint: { baseUrl: string; model: string; apiKey?: string }): Promise<void> {
  await page.goto(`${studioUrl}/settings`);
  await page.getByLabel("Base URL").fill(endpoint.baseUrl);
  await page.getByLabel("Model", { exact: true }).fill(endpoint.model);
  if (endpoint.apiKey) await page.getByLabel("API key").fill(endpoint.apiKey);
}

/**
 * Opens a pipeline in the editor, starts it on a dataset from the Run tab and waits for the run
 * page to say "completed". Returns the run id.
 */
export async function runToCompletion(page: Page, pipelineName: string, datasetName: string): Promise<string> {
  await page.goto(new URL("/pipelines", page.url()).href);
  await page.getByRole("link", { name: pipelineName, exact: true }).click();
  await page.getByTestId("pipeline-editor").waitFor({ timeout: 30_000 });
  await page.getByTestId("tab-run").click();
  const dataset = page.getByTestId("run-dataset");
  const value = await dataset.locator("option", { hasText: datasetName }).first().getAttribute("value");
  await dataset.selectOption(value!);
  await page.getByTestId("start-run").click();
  await page.waitForURL(/\/runs\/[^/]+$/, { timeout: 30_000 });
  await page.getByTestId("run-status").filter({ hasText: "completed" }).waitFor({ timeout: 90_000 });
  return page.url().split("/").pop()!;
}
