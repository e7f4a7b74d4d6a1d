import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../support/sharedData";
import { E2E_DIST_DIR, ensureStudioBuilt, freePort } from "../../support/studioServer";

// The studio as `npm run start` starts it (no STUDIO_HOST, no STUDIO_PUBLIC_URL): where it listens and
// which requests it answers. Runs in the e2e project (vitest.config.mts): it shares the browser tests' build.

type Reply = { status: number; body: string };

function request(port: number, options: { method?: string; path: string; headers: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path, headers: options.headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Resolves with the error code of a TCP connection attempt, or "connected". */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("ETIMEDOUT");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

const nonLoopback = Object.values(os.networkInterfaces())
  .flat()
  // Link-local IPv6 addresses need a zone to connect to; every other address counts.
  .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal && !(a.family === "IPv6" && a.address.startsWith("fe80")))
  .map((a) => a.address);
if (nonLoopback.length === 0) console.warn("[skip] this machine has no non-loopback address to check the studio is not reachable on");

const saveEndpoint = (name: string) =>
  JSON.stringify({ json: { config: { name, provider: "openai-compatible", baseUrl: "http://127.0.0.1:9/v1", model: "m" } } });

describe("the started studio (npm run start, default settings)", () => {
  let child: ChildProcess;
  let port: number;
  let dir: string;
  let output = "";

  beforeAll(async () => {
    const build = ensureStudioBuilt();
    if (build.built) console.log(`Built the studio in ${build.seconds.toFixed(1)} s`);
    port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-guard-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      NEXT_DIST_DIR: E2E_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: `file:${path.join(dir, "studio.db")}`,
    };
    delete env.STUDIO_HOST;
    delete env.STUDIO_PUBLIC_URL;
    // detached: npm -> sh -> next start -> next-server; stop the whole group afterwards.
    child = spawn("npm", ["run", "--silent", "start"], { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const reply = await request(port, { path: "/api/trpc/datasets.list", headers: { host: `127.0.0.1:${port}` } }).catch(() => null);
      if (reply?.status === 200) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`The studio did not answer on 127.0.0.1:${port}. Output:\n${output}`);
  });

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers pages and API calls addressed to localhost or 127.0.0.1", async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      expect((await request(port, { path: "/", headers: { host } })).status, host).toBe(200);
      const api = await request(port, { path: "/api/trpc/datasets.list", headers: { host, "sec-fetch-site": "same-origin" } });
      expect(api.status, host).toBe(200);
      expect(api.body).toContain("LaMP");
    }
  });

  it("refuses a request for another host name (DNS rebinding) with 421 and a plain-text reason", async () => {
    for (const target of ["/", "/api/trpc/datasets.list", "/runs"]) {
      const reply = await request(port, { path: target, headers: { host: "evil.example" } });
      expect(reply.status, target).toBe(421);
      expect(reply.body).toContain(`Refused: this studio answers only at http://localhost:${port}, http://127.0.0.1:${port}, not at host 'evil.example'`);
    }
    const withPort = await request(port, { path: "/", headers: { host: `evil.example:${port}` } });
    expect(withPort.status).toBe(421);
  });

  it("refuses a cross-site POST and saves nothing; the same POST from the studio's own page works", async () => {
    const headers = { host: `127.0.0.1:${port}`, "content-type": "application/json" };
    const target = "/api/trpc/settings.saveEndpoint";
    const crossOrigin = await request(port, { method: "POST", path: target, headers: { ...headers, origin: "http://evil.example" }, body: saveEndpoint("from-evil") });
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.body).toContain("Refused: a POST to /api/trpc/settings.saveEndpoint from origin 'http://evil.example'");
    const crossSite = await request(port, { method: "POST", path: target, headers: { ...headers, "sec-fetch-site": "cross-site" }, body: saveEndpoint("from-evil-2") });
    expect(crossSite.status).toBe(403);

    const own = await request(port, {
      method: "POST",
      path: target,
      headers: { ...headers, origin: `http://127.0.0.1:${port}`, "sec-fetch-site": "same-origin" },
      body: saveEndpoint("from-studio"),
    });
    expect(own.status, own.body).toBe(200);
    const listed = await request(port, { path: "/api/trpc/settings.endpoints", headers: { host: `127.0.0.1:${port}` } });
    expect(listed.body).toContain("from-studio");
    expect(listed.body).not.toContain("from-evil");
  });

  it("refuses a cross-site subscription or query (API GETs) but not a page linked from another site", async () => {
    const api = await request(port, { path: "/api/trpc/datasets.list", headers: { host: `localhost:${port}`, "sec-fetch-site": "cross-site" } });
    expect(api.status).toBe(403);
    const page = await request(port, { path: "/", headers: { host: `localhost:${port}`, "sec-fetch-site": "cross-site" } });
    expect(page.status).toBe(200);
  });

  it.skipIf(nonLoopback.length === 0)("is not reachable on this machine's non-loopback addresses", async () => {
    expect(await tryConnect("127.0.0.1", port)).toBe("connected");
    for (const address of nonLoopback) {
      expect(await tryConnect(address, port), address).not.toBe("connected");
    }
  });
});
