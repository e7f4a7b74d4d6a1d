/**
 * The built studio as a lab server runs it (a public address in STUDIO_PUBLIC_URL): every attack of
 * issue 10 on access, repeated over HTTP. Runs in the e2e project (vitest.config.mts): it shares the
 * browser tests' build.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../../server/db/client";
import { addUser } from "../../../server/auth/users";
import { nodeRegistry } from "../../../server/nodes/registry";
import { exportRunBundle } from "../../../server/runs/runBundle";
import { LocalRunExecutor } from "../../../server/runs/localRunExecutor";
import { createRunService } from "../../../server/runs/runService";
import { createShareLink } from "../../../server/sharing/shareLinks";
import { createTestPipeline, importRunDataset } from "../../support/runFixtures";
import { REPO_ROOT } from "../../support/sharedData";
import { E2E_DIST_DIR, ensureStudioBuilt, freePort, startStudio, type RunningStudio } from "../../support/studioServer";

const PASSWORD = "a long enough password";

describe("a studio exposed on a network", () => {
  let studio: RunningStudio;
  let db: Db;
  let base: string;
  let runId: string;

  beforeAll(async () => {
    ensureStudioBuilt();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    studio = await startStudio(
      { STUDIO_PUBLIC_URL: `http://studio.lab.test:${port},${base}`, STUDIO_SECRET_KEY: "exposed-test", STUDIO_MAX_BUNDLE_MB: "1" },
      { port },
    );
    db = openDatabase(`file:${studio.databaseFile}`);
    await addUser(db, { email: "editor@lab.org", role: "editor", password: PASSWORD });
    await addUser(db, { email: "viewer@lab.org", role: "viewer", password: PASSWORD });
    const dataset = await importRunDataset(db, "LaMP-2", 3, "LaMP-2 exposed test");
    const service = createRunService(db, new LocalRunExecutor(nodeRegistry), { registry: nodeRegistry });
    runId = (await service.create({ pipelineVersionId: await createTestPipeline(db, "profile-baseline"), datasetId: dataset.datasetId, config: { limit: 3 } })).runId;
    await service.start(runId);
    await service.waitUntilStopped(runId);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await studio?.stop();
  });

  async function cookieFor(email: string): Promise<string> {
    const response = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    return response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }

  it("asks for sign-in, and says so when it starts", () => {
    expect(studio.logs()).toMatch(/sign-in required \(exposed \(STUDIO_PUBLIC_URL=http:\/\/studio\.lab\.test/);
  });

  it("reads nothing to a visitor who has not signed in: the API answers 401, pages send to sign-in", async () => {
    const api = await fetch(`${base}/api/trpc/runs.list?input=${encodeURIComponent('{"json":{}}')}`);
    expect(api.status).toBe(401);
    expect(await api.text()).toContain("Sign in first.");
    const page = await fetch(`${base}/runs/${runId}`, { redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(new RegExp(`/sign-in\\?next=%2Fruns%2F${runId}$`));
    const report = await fetch(`${base}/api/experiments/x/report?format=bundle`);
    expect(report.status).toBe(401);
  });

  it("refuses a cross-site sign-in and a sign-up", async () => {
    const crossSite = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ email: "editor@lab.org", password: PASSWORD }),
    });
    expect(crossSite.status).toBe(403);
    const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ email: "new@x.org", password: PASSWORD, name: "n" }),
    });
    expect(signUp.status).toBe(404);
  });

  it("refuses an API body over the limit before reading it", async () => {
    const cookie = await cookieFor("editor@lab.org");
    const response = await fetch(`${base}/api/trpc/pipelines.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ json: { name: "big", graph: { nodes: [], edges: [], padding: "x".repeat(9 * 1024 * 1024) } } }),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/larger than this route accepts \(8 MB\)/);
  });

  it("imports a bundle streamed to /api/bundles for an editor, not for a viewer, and not past its cap", async () => {
    const body = JSON.stringify(await exportRunBundle(db, runId));
    const viewer = await fetch(`${base}/api/bundles?name=run.json`, { method: "POST", headers: { cookie: await cookieFor("viewer@lab.org") }, body });
    expect(viewer.status).toBe(403);
    const editorCookie = await cookieFor("editor@lab.org");
    const imported = await fetch(`${base}/api/bundles?name=run.json`, { method: "POST", headers: { cookie: editorCookie }, body });
    expect(imported.status, await imported.clone().text()).toBe(200);
    const { kind, runId: newRunId } = (await imported.json()) as { kind: string; runId: string };
    expect(kind).toBe("run");
    expect(await db.runItem.count({ where: { runId: newRunId } })).toBe(3);
    const tooBig = await fetch(`${base}/api/bundles?name=big.json`, { method: "POST", headers: { cookie: editorCookie }, body: "x".repeat(2 * 1024 * 1024) });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toMatch(/larger than 1 MB/);
  });

  it("opens a share link's page and its data without a session, and nothing else", async () => {
    const { token } = await createShareLink(db, { kind: "run", target: runId });
    const page = await fetch(`${base}/share/${token}`, { redirect: "manual" });
    expect(page.status).toBe(200);
    const headers = { "x-studio-share-token": token };
    const run = await fetch(`${base}/api/trpc/runs.get?input=${encodeURIComponent(JSON.stringify({ json: { id: runId } }))}`, { headers });
    expect(run.status).toBe(200);
    const list = await fetch(`${base}/api/trpc/runs.list?input=${encodeURIComponent('{"json":{}}')}`, { headers });
    expect(list.status).toBe(403);
  });
});

describe("an exposed studio with STUDIO_AUTH=off", () => {
  it("does not start, and says why", async () => {
    ensureStudioBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-off-"));
    const port = await freePort();
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: REPO_ROOT,
      env: { ...process.env, NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: `file:${path.join(dir, "s.db")}`, STUDIO_AUTH: "off", STUDIO_HOST: "0.0.0.0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/The studio does not start: STUDIO_AUTH=off, but the studio is reachable from other machines \(STUDIO_HOST=0\.0\.0\.0\)/);
  });
});
