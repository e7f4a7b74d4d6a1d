/**
 * Every tRPC procedure, generated from the router: each declares what it needs, and each refuses
 * whoever lacks it (nobody signed in, too small a role, a share link's reader outside its link)
 * before it reads its input. A procedure added without a role fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { appRouter, createCaller } from "../../../server/api/root";
import { createTrpcContext, type ProcedureMeta } from "../../../server/api/trpc";
import type { Principal } from "../../../server/auth/principal";
import { roleAllows, ROLES, type Role } from "../../../server/auth/roles";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

/** The only procedures anyone may call: who am I, the static signal texts, what my share link opens. */
const PUBLIC = ["auth.me", "failureModes.definitions", "shares.opened"];

type ProcedureEntry = { path: string; type: "query" | "mutation" | "subscription"; meta: ProcedureMeta | undefined };

const procedures: ProcedureEntry[] = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureEntry["type"]; meta?: ProcedureMeta } }>)
  .map(([path, procedure]) => ({ path, type: procedure._def.type, meta: procedure._def.meta }))
  .sort((a, b) => a.path.localeCompare(b.path));

const user = (role: Role): Principal => ({ kind: "user", role, userId: `u-${role}`, email: `${role}@lab.org`, name: role });
const outsideShare: Principal = { kind: "share", scope: { linkId: "l", kind: "run", target: "some-other-run", runIds: ["some-other-run"] } };

let temp: TempDatabase;

beforeAll(() => {
  temp = createTempDatabase("studio-roles-");
});
afterAll(async () => {
  await temp?.cleanup();
});

/** Calls `path` as `principal` with an empty input; the tRPC error code, or "ok". */
async function codeOf(principal: Principal, path: string): Promise<string> {
  const caller = createCaller(createTrpcContext(temp.db, principal)) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [area, name] = path.split(".");
  try {
    const result = await caller[area][name]({});
    // A subscription that got past its checks hands back its stream: close it.
    if (result && typeof (result as AsyncIterator<unknown>).return === "function") await (result as AsyncIterator<unknown>).return!();
    return "ok";
  } catch (err) {
    return err instanceof TRPCError ? err.code : `thrown: ${String(err)}`;
  }
}

describe("procedure roles", () => {
  it("the router has procedures, and every one declares what it needs", () => {
    expect(procedures.length).toBeGreaterThan(30);
    const undeclared = procedures.filter((p) => !p.meta?.access).map((p) => p.path);
    expect(undeclared).toEqual([]);
    expect(procedures.filter((p) => p.meta?.access === "public").map((p) => p.path)).toEqual(PUBLIC);
    // The table the README and the closing note list.
    console.log(procedures.map((p) => `${p.path.padEnd(28)} ${p.type.padEnd(12)} ${p.meta!.access}${p.meta!.shareable ? " (or its share link)" : ""}`).join("\n"));
  });

  it("no mutation is open to viewers, and every endpoint or user change needs an admin", () => {
    for (const p of procedures.filter((p) => p.type === "mutation")) expect(p.meta?.access, p.path).toMatch(/^(editor|admin)$/);
    for (const p of procedures.filter((p) => /^(users\.|settings\.(save|delete|check))/.test(p.path))) expect(p.meta?.access, p.path).toBe("admin");
  });

  for (const p of procedures.filter((p) => p.meta?.access !== "public")) {
    it(`${p.path} (${p.meta?.access}) refuses whoever may not call it`, async () => {
      const need = p.meta!.access as Role;
      expect(await codeOf({ kind: "anonymous" }, p.path)).toBe("UNAUTHORIZED");
      expect(await codeOf(outsideShare, p.path)).toBe("FORBIDDEN");
      for (const role of ROLES) {
        const code = await codeOf(user(role), p.path);
        if (!roleAllows(role, need)) expect(code, `${role} calling ${p.path}`).toBe("FORBIDDEN");
        else expect(code, `${role} calling ${p.path}`).not.toMatch(/^(FORBIDDEN|UNAUTHORIZED)$/);
      }
    });
  }
});
