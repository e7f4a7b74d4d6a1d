import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./sharedData";

/** The browser tests build into their own folder so a developer's running `next dev` is untouched. */
export const E2E_DIST_DIR = ".next-e2e";

const nextBin = path.join(REPO_ROOT, "node_modules", "next", "dist", "bin", "next");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const BUILD_INPUTS = ["app", "components", "server", "samples", "instrumentation.ts", "proxy.ts", "next.config.js", "package.json"];

function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Builds the studio for browser tests unless the last build is newer than every source file. */
export function ensureStudioBuilt(): { built: boolean; seconds: number } {
  const buildId = path.join(REPO_ROOT, E2E_DIST_DIR, "BUILD_ID");
  const builtAt = fs.statSync(buildId, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sourcesAt = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(REPO_ROOT, p))));
  if (builtAt > sourcesAt) return { built: false, seconds: 0 };
  const started = Date.now();
  buildStudio();
  return { built: true, seconds: (Date.now() - started) / 1000 };
}

export function buildStudio(): void {
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export type RunningStudio = { baseUrl: string; databaseFile: string; logs: () => string; stop(): Promise<void> };

/** Starts the built studio on a free port with its own fresh SQLite file; stop() kills the whole group. */
export async function startStudio(extraEnv: Record<string, string> = {}, { port: chosenPort }: { port?: number } = {}): Promise<RunningStudio> {
  const port = chosenPort ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-e2e-"));
  const databaseFile = path.join(dir, "studio.db");
  let output = "";
  // detached: next start forks a next-server child that outlives its parent; we kill the group.
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: REPO_ROOT,
    detached: true,
    env: {
      ...process.env,
      NEXT_DIST_DIR: E2E_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: `file:${databaseFile}`,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      // auth.me answers whoever asks (datasets.list needs a session when the studio asks for sign-in).
      const res = await fetch(`${baseUrl}/api/trpc/auth.me`);
      if (res.ok) return { baseUrl, databaseFile, logs: () => output, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`The studio did not become ready at ${baseUrl}. Output:\n${output}`);
}
