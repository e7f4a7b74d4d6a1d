import { describe, expect, it } from "vitest";
import { AuthConfigError, authModeFromEnv } from "../../../server/auth/authMode";
import { signInRedirect } from "../../../server/auth/pageAccess";
import { roleAllows } from "../../../server/auth/roles";
import { createSignInLimiter } from "../../../server/auth/signInLimiter";

describe("when the studio asks for sign-in", () => {
  it("not on localhost, by default", () => {
    expect(authModeFromEnv({}).required).toBe(false);
    expect(authModeFromEnv({ STUDIO_HOST: "127.0.0.1" }).required).toBe(false);
    expect(authModeFromEnv({ STUDIO_HOST: "::1", STUDIO_PUBLIC_URL: "http://localhost:3000" }).required).toBe(false);
  });

  it("always once another machine can reach it: a non-loopback listen address or public URL", () => {
    expect(authModeFromEnv({ STUDIO_HOST: "0.0.0.0" })).toEqual({ required: true, reason: "exposed (STUDIO_HOST=0.0.0.0)" });
    expect(authModeFromEnv({ STUDIO_HOST: "::" }).required).toBe(true);
    expect(authModeFromEnv({ STUDIO_HOST: "192.168.1.20" }).required).toBe(true);
    // Behind a reverse proxy on the same machine: the studio listens on loopback, the lab reaches it by name.
    expect(authModeFromEnv({ STUDIO_PUBLIC_URL: "https://studio.lab.example.org" }).required).toBe(true);
  });

  it("STUDIO_AUTH=on asks on localhost too; STUDIO_AUTH=off is refused on an exposed studio", () => {
    expect(authModeFromEnv({ STUDIO_AUTH: "on" }).required).toBe(true);
    expect(authModeFromEnv({ STUDIO_AUTH: "off" }).required).toBe(false);
    expect(() => authModeFromEnv({ STUDIO_AUTH: "off", STUDIO_HOST: "0.0.0.0" })).toThrow(AuthConfigError);
    expect(() => authModeFromEnv({ STUDIO_AUTH: "off", STUDIO_HOST: "0.0.0.0" })).toThrow(/sign-in cannot be turned off there/);
    expect(() => authModeFromEnv({ STUDIO_AUTH: "maybe" })).toThrow(/expected on, off or auto/);
  });
});

describe("roles", () => {
  it("each role includes the ones below it", () => {
    expect(roleAllows("admin", "editor")).toBe(true);
    expect(roleAllows("editor", "viewer")).toBe(true);
    expect(roleAllows("editor", "admin")).toBe(false);
    expect(roleAllows("viewer", "editor")).toBe(false);
  });
});

describe("the sign-in redirect of pages", () => {
  const on = { STUDIO_AUTH: "on" };
  it("sends a browser without a session to sign in, back to where it was going", () => {
    expect(signInRedirect("/runs/abc", "?x=1", false, on)).toBe("/sign-in?next=%2Fruns%2Fabc%3Fx%3D1");
    expect(signInRedirect("/", "", false, on)).toBe("/sign-in?next=%2F");
  });
  it("leaves alone the sign-in page, share links, the API, static files, signed-in browsers and a studio without sign-in", () => {
    for (const p of ["/sign-in", "/share/abc", "/api/trpc/runs.list", "/_next/static/x.js", "/icon.svg"]) expect(signInRedirect(p, "", false, on), p).toBeNull();
    expect(signInRedirect("/runs", "", true, on)).toBeNull();
    expect(signInRedirect("/runs", "", false, {})).toBeNull();
    // "/share" alone and look-alike prefixes are not open.
    expect(signInRedirect("/shared-secrets", "", false, on)).not.toBeNull();
    expect(signInRedirect("/sign-inside", "", false, on)).not.toBeNull();
  });
});

describe("sign-in attempts per account", () => {
  it("allows max attempts per window, then says how long to wait; success clears the count", () => {
    const limiter = createSignInLimiter({ max: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect([0, 1, 2].map((i) => limiter.attempt("A@lab.org", t0 + i))).toEqual([null, null, null]);
    expect(limiter.attempt("a@lab.org", t0 + 10_000)).toBe(50);
    expect(limiter.attempt("other@lab.org", t0 + 10_000)).toBeNull();
    expect(limiter.attempt("a@lab.org", t0 + 60_000)).toBeNull();
    limiter.succeeded("a@lab.org");
    expect(limiter.attempt("a@lab.org", t0 + 60_001)).toBeNull();
  });
});
