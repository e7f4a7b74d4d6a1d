/**
 * Sign-in, roles and share links through the real parts: better-auth on a migrated SQLite file,
 * the tRPC router with the principal the route handler would build from the request's headers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "../../../server/api/root";
import { createTrpcContext } from "../../../server/api/trpc";
import { principalOf, SHARE_TOKEN_HEADER } from "../../../server/auth/principal";
import { studioAuth } from "../../../server/auth/studioAuth";
import { addUser, removeUser, setPassword, setRole } from "../../../server/auth/users";
import { createShareLink, revokeShareLink } from "../../../server/sharing/shareLinks";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { createTestPipeline, createTestRun, importRunDataset } from "../../support/runFixtures";
import { fakeEndpoint } from "../../support/pipelineFixtures";

const EXPOSED = { STUDIO_HOST: "0.0.0.0", STUDIO_PUBLIC_URL: "http://studio.lab:3000", STUDIO_SECRET_KEY: "test-secret" };
const ORIGIN = "http://studio.lab:3000";
const PASSWORD = "correct horse battery";

let temp: TempDatabase;
let runA: string;
let runB: string;

function signInRequest(email: string, password: string, ip = "10.0.0.1"): Request {
  return new Request(`${ORIGIN}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": ip },
    body: JSON.stringify({ email, password }),
  });
}

/** Signs in through better-auth's handler; the Cookie header a browser would send afterwards. */
async function signIn(email: string, password = PASSWORD): Promise<string> {
  const response = await studioAuth(temp.db, EXPOSED).handler(signInRequest(email, password));
  expect(response.status, await response.clone().text()).toBe(200);
  return response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

async function callerFor(headers: Record<string, string>) {
  return createCaller(createTrpcContext(temp.db, await principalOf(temp.db, new Headers(headers), EXPOSED)));
}

async function refusal(call: Promise<unknown>): Promise<string> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return `${(err as TRPCError).code}: ${(err as TRPCError).message}`;
}

beforeAll(async () => {
  temp = createTempDatabase("studio-access-");
  await addUser(temp.db, { email: "admin@lab.org", role: "admin", password: PASSWORD });
  await addUser(temp.db, { email: "eve@lab.org", role: "editor", password: PASSWORD });
  await addUser(temp.db, { email: "vic@lab.org", role: "viewer", password: PASSWORD });
  const dataset = await importRunDataset(temp.db, "LaMP-2", 3);
  const versionId = await createTestPipeline(temp.db, "rag-k4");
  const endpoint = fakeEndpoint("http://user:pw@10.1.2.3:8000/v1");
  runA = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: 2 }, [endpoint]);
  runB = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: 2 }, [endpoint]);
});

afterAll(async () => {
  await temp?.cleanup();
});

describe("sign-in", () => {
  it("a wrong password is refused and a right one gives a session with the stored role", async () => {
    const wrong = await studioAuth(temp.db, EXPOSED).handler(signInRequest("vic@lab.org", "not the password", "10.0.0.9"));
    expect(wrong.status).toBe(401);
    const cookie = await signIn("vic@lab.org");
    expect(cookie).toContain("session_token");
    const principal = await principalOf(temp.db, new Headers({ cookie }), EXPOSED);
    expect(principal).toMatchObject({ kind: "user", role: "viewer", email: "vic@lab.org" });
  });

  it("nobody can sign up, and no request can set its own role", async () => {
    const signUp = await studioAuth(temp.db, EXPOSED).handler(
      new Request(`${ORIGIN}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ email: "mallory@x.org", password: PASSWORD, name: "m", role: "admin" }),
      }),
    );
    expect(signUp.status).toBe(404);
    const cookie = await signIn("vic@lab.org");
    const update = await studioAuth(temp.db, EXPOSED).handler(
      new Request(`${ORIGIN}/api/auth/update-user`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, cookie },
        body: JSON.stringify({ role: "admin" }),
      }),
    );
    expect(update.status).toBe(404);
    expect((await temp.db.user.findUniqueOrThrow({ where: { email: "vic@lab.org" } })).role).toBe("viewer");
    expect(await temp.db.user.count({ where: { email: "mallory@x.org" } })).toBe(0);
  });

  it("an account is locked after 10 attempts in 10 minutes, whatever address they come from", async () => {
    await addUser(temp.db, { email: "target@lab.org", role: "viewer", password: PASSWORD });
    const auth = studioAuth(temp.db, EXPOSED);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await auth.handler(signInRequest("target@lab.org", `guess number ${i}`, `10.9.0.${i + 1}`))).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const locked = await auth.handler(signInRequest("target@lab.org", PASSWORD, "10.9.1.1"));
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/Too many sign-in attempts for this account/);
  });

  it("a new password signs the user out everywhere, and a removed user's session stops working", async () => {
    await addUser(temp.db, { email: "leaver@lab.org", role: "editor", password: PASSWORD });
    const cookie = await signIn("leaver@lab.org");
    await setPassword(temp.db, "leaver@lab.org", "another long password");
    expect((await principalOf(temp.db, new Headers({ cookie }), EXPOSED)).kind).toBe("anonymous");
    const again = await signIn("leaver@lab.org", "another long password");
    await removeUser(temp.db, "leaver@lab.org");
    expect((await principalOf(temp.db, new Headers({ cookie: again }), EXPOSED)).kind).toBe("anonymous");
  });

  it("the last admin keeps the role", async () => {
    await expect(setRole(temp.db, "admin@lab.org", "viewer")).rejects.toThrow(/only admin/);
    await expect(removeUser(temp.db, "admin@lab.org")).rejects.toThrow(/only admin/);
  });
});

describe("roles", () => {
  it("nobody signed in can read nothing", async () => {
    const anonymous = await callerFor({});
    expect(await refusal(anonymous.runs.list({}))).toBe("UNAUTHORIZED: Sign in first.");
    expect(await refusal(anonymous.runs.get({ id: runA }))).toBe("UNAUTHORIZED: Sign in first.");
  });

  it("a viewer reads but cannot act; an editor runs but cannot touch endpoints; an admin can", async () => {
    const viewer = await callerFor({ cookie: await signIn("vic@lab.org") });
    expect((await viewer.runs.list({})).length).toBeGreaterThanOrEqual(2);
    expect(await refusal(viewer.runs.cancel({ id: runA }))).toBe("FORBIDDEN: This needs the editor role; you are signed in as a viewer.");
    expect(await refusal(viewer.shares.create({ kind: "run", target: runA }))).toMatch(/^FORBIDDEN/);

    const editor = await callerFor({ cookie: await signIn("eve@lab.org") });
    expect((await editor.shares.create({ kind: "run", target: runA })).token.length).toBeGreaterThan(40);
    expect(await refusal(editor.settings.saveEndpoint({ config: { name: "x", provider: "openai-compatible", baseUrl: "http://h/v1", model: "m" } }))).toBe(
      "FORBIDDEN: This needs the admin role; you are signed in as a editor.",
    );
    expect(await refusal(editor.users.list())).toMatch(/^FORBIDDEN/);

    const admin = await callerFor({ cookie: await signIn("admin@lab.org") });
    expect((await admin.users.list()).map((u) => u.email)).toContain("eve@lab.org");
  });

  it("a role change applies to the next request of an open session", async () => {
    await addUser(temp.db, { email: "promoted@lab.org", role: "viewer", password: PASSWORD });
    const cookie = await signIn("promoted@lab.org");
    expect(await refusal((await callerFor({ cookie })).runs.cancel({ id: runA }))).toMatch(/^FORBIDDEN/);
    await setRole(temp.db, "promoted@lab.org", "editor");
    // Past the role check, the run service answers (the run is not executing).
    expect(await refusal((await callerFor({ cookie })).runs.cancel({ id: runA }))).toMatch(/^BAD_REQUEST: Run .* is not executing/);
  });
});

describe("share links", () => {
  it("open one run read-only, without the endpoint's address, and nothing else", async () => {
    const { token } = await createShareLink(temp.db, { kind: "run", target: runA });
    const reader = await callerFor({ [SHARE_TOKEN_HEADER]: token });
    const run = await reader.runs.get({ id: runA });
    expect(run.id).toBe(runA);
    expect(JSON.stringify(run)).not.toContain("10.1.2.3");
    expect(JSON.stringify(run.config.endpoints)).toContain("fake-model");
    expect((await reader.runs.items({ runId: runA })).total).toBeGreaterThanOrEqual(0);

    expect(await refusal(reader.runs.get({ id: runB }))).toBe("FORBIDDEN: This share link does not cover what was asked for.");
    expect(await refusal(reader.runs.compare({ ids: [runA, runB] }))).toMatch(/does not cover/);
    expect(await refusal(reader.runs.list({}))).toBe("FORBIDDEN: A share link opens only what was shared.");
    expect(await refusal(reader.runs.cancel({ id: runA }))).toMatch(/^FORBIDDEN/);
    expect(await refusal(reader.settings.endpoints())).toMatch(/^FORBIDDEN/);
    expect(await reader.shares.opened()).toEqual({ valid: true, kind: "run", target: runA, runIds: [] });
  });

  it("a comparison link covers its runs and their comparison", async () => {
    const { token } = await createShareLink(temp.db, { kind: "comparison", target: `${runA},${runB}` });
    const reader = await callerFor({ [SHARE_TOKEN_HEADER]: token });
    await expect(reader.runs.get({ id: runB })).resolves.toMatchObject({ id: runB });
    expect(await reader.shares.opened()).toMatchObject({ kind: "comparison", runIds: [runA, runB] });
  });

  it("stops working when revoked or expired, with one message for both", async () => {
    const revoked = await createShareLink(temp.db, { kind: "run", target: runA });
    await revokeShareLink(temp.db, revoked.link.id);
    const past = new Date(Date.now() - 2 * 86_400_000);
    const expired = await createShareLink(temp.db, { kind: "run", target: runA, expiresInDays: 1 }, past);
    for (const token of [revoked.token, expired.token, "x".repeat(43)]) {
      const reader = await callerFor({ [SHARE_TOKEN_HEADER]: token });
      expect(await refusal(reader.runs.get({ id: runA }))).toMatch(/^UNAUTHORIZED: This share link does not work/);
    }
  });

  it("stores only the token's hash", async () => {
    const { token, link } = await createShareLink(temp.db, { kind: "run", target: runB });
    const row = await temp.db.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("a link to something that does not exist is refused", async () => {
    await expect(createShareLink(temp.db, { kind: "run", target: "nope" })).rejects.toThrow(/Run nope not found/);
    await expect(createShareLink(temp.db, { kind: "comparison", target: runA })).rejects.toThrow(/2 to 8 different runs/);
  });
});
