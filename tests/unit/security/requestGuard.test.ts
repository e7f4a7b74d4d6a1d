import { describe, expect, it } from "vitest";
import {
  decideRequest,
  guardConfigFromEnv,
  guardResponse,
  GuardConfigError,
  type GuardRequest,
} from "../../../server/security/requestGuard";

const local = guardConfigFromEnv({ PORT: "3000" });
const request = (over: Partial<GuardRequest>): GuardRequest => ({
  method: "GET",
  path: "/",
  host: "localhost:3000",
  origin: null,
  secFetchSite: null,
  ...over,
});

describe("guardConfigFromEnv", () => {
  it("defaults to localhost and 127.0.0.1 on PORT, or 3000", () => {
    expect(guardConfigFromEnv({ PORT: "4100" }).origins).toEqual(["http://localhost:4100", "http://127.0.0.1:4100"]);
    expect(guardConfigFromEnv({}).origins).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
  });

  it("uses STUDIO_PUBLIC_URL instead when set: a comma-separated list, reduced to origins", () => {
    const config = guardConfigFromEnv({ PORT: "3000", STUDIO_PUBLIC_URL: "https://Studio.Lab.example/, http://10.0.0.5:3000/x" });
    expect(config.origins).toEqual(["https://studio.lab.example", "http://10.0.0.5:3000"]);
  });

  it("names a malformed STUDIO_PUBLIC_URL", () => {
    expect(() => guardConfigFromEnv({ STUDIO_PUBLIC_URL: "studio.example" })).toThrow(GuardConfigError);
    expect(() => guardConfigFromEnv({ STUDIO_PUBLIC_URL: "ftp://studio.example" })).toThrow(/not an http/);
  });
});

describe("decideRequest: Host", () => {
  it("accepts the studio's own addresses, case-insensitively", () => {
    for (const host of ["localhost:3000", "127.0.0.1:3000", "LOCALHOST:3000"]) {
      expect(decideRequest(request({ host }), local)).toEqual({ allowed: true });
    }
  });

  it("refuses another host name (DNS rebinding), another port, a missing or malformed Host with 421", () => {
    for (const host of ["evil.example", "evil.example:3000", "localhost:3001", "localhost", "0.0.0.0:3000", null, "", "evil.example@localhost:3000", "localhost:3000/x"]) {
      const decision = decideRequest(request({ host }), local);
      expect(decision.allowed, String(host)).toBe(false);
      if (!decision.allowed) {
        expect(decision.status).toBe(421);
        expect(decision.reason).toContain("http://localhost:3000, http://127.0.0.1:3000");
        expect(decision.reason).toContain("STUDIO_PUBLIC_URL");
      }
    }
  });

  it("fills in the default port of the public URL's scheme", () => {
    const config = guardConfigFromEnv({ STUDIO_PUBLIC_URL: "https://studio.example.org" });
    expect(decideRequest(request({ host: "studio.example.org" }), config).allowed).toBe(true);
    expect(decideRequest(request({ host: "studio.example.org:443" }), config).allowed).toBe(true);
    expect(decideRequest(request({ host: "studio.example.org:80" }), config).allowed).toBe(false);
    expect(decideRequest(request({ host: "localhost:3000" }), config).allowed).toBe(false);
  });

  it("refuses the host even for a page load, before any origin rule", () => {
    const decision = decideRequest(request({ host: "evil.example", origin: "http://localhost:3000" }), local);
    expect(decision).toMatchObject({ allowed: false, status: 421 });
  });
});

describe("decideRequest: Origin and Sec-Fetch-Site", () => {
  it("lets page loads and static files through whatever site linked to them", () => {
    expect(decideRequest(request({ path: "/runs/abc", secFetchSite: "cross-site" }), local).allowed).toBe(true);
    expect(decideRequest(request({ path: "/_next/static/x.js", secFetchSite: "cross-site" }), local).allowed).toBe(true);
  });

  it("accepts state-changing requests from the studio's own pages and from non-browser clients", () => {
    const post = { method: "POST", path: "/api/trpc/runs.start" };
    expect(decideRequest(request({ ...post, origin: "http://localhost:3000", secFetchSite: "same-origin" }), local).allowed).toBe(true);
    expect(decideRequest(request({ ...post, host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), local).allowed).toBe(true);
    expect(decideRequest(request({ ...post }), local).allowed).toBe(true);
  });

  it("refuses a POST, PUT, PATCH or DELETE from another origin with 403", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      for (const origin of ["http://evil.example", "http://localhost:3001", "null", "https://localhost:3000"]) {
        const decision = decideRequest(request({ method, path: "/anything", origin }), local);
        expect(decision, `${method} from ${origin}`).toMatchObject({ allowed: false, status: 403 });
        if (!decision.allowed) expect(decision.reason).toContain(origin);
      }
    }
  });

  it("refuses cross-site API calls of any method: tRPC queries and subscriptions are GETs", () => {
    const get = { method: "GET", path: "/api/trpc/runs.onProgress" };
    expect(decideRequest(request({ ...get, secFetchSite: "cross-site" }), local)).toMatchObject({ allowed: false, status: 403 });
    expect(decideRequest(request({ ...get, secFetchSite: "same-site" }), local)).toMatchObject({ allowed: false, status: 403 });
    expect(decideRequest(request({ ...get, origin: "http://evil.example" }), local)).toMatchObject({ allowed: false, status: 403 });
    expect(decideRequest(request({ ...get, secFetchSite: "same-origin" }), local).allowed).toBe(true);
    expect(decideRequest(request({ ...get, secFetchSite: "none" }), local).allowed).toBe(true);
  });

  it("judges by Origin when a browser sends both headers", () => {
    const both = { method: "POST", path: "/api/trpc/x", secFetchSite: "cross-site" };
    expect(decideRequest(request({ ...both, origin: "http://localhost:3000" }), local).allowed).toBe(true);
    expect(decideRequest(request({ ...both, origin: "http://evil.example", secFetchSite: "same-origin" }), local).allowed).toBe(false);
  });
});

describe("guardResponse", () => {
  it("answers a refusal in plain text and lets an allowed request through", async () => {
    const env = { PORT: "3000" };
    const refused = guardResponse(
      new Request("http://localhost:3000/api/trpc/x", { method: "POST", headers: { host: "localhost:3000", origin: "http://evil.example" } }),
      env,
    );
    expect(refused?.status).toBe(403);
    expect(refused?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await refused?.text()).toMatch(/^Refused: a POST to \/api\/trpc\/x from origin 'http:\/\/evil.example'/);
    const fine = new Request("http://localhost:3000/", { headers: { host: "localhost:3000" } });
    expect(guardResponse(fine, env)).toBeNull();
  });

  it("explains a malformed STUDIO_PUBLIC_URL with a 500 instead of serving", async () => {
    const response = guardResponse(new Request("http://localhost:3000/", { headers: { host: "localhost:3000" } }), {
      STUDIO_PUBLIC_URL: "not a url",
    });
    expect(response?.status).toBe(500);
    expect(await response?.text()).toContain("STUDIO_PUBLIC_URL: 'not a url' is not a URL");
  });
});
