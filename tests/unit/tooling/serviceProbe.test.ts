import { describe, expect, it } from "vitest";
import { postgresProblem, redisProblem } from "../../support/serviceProbe";
import { freePort } from "../../support/studioServer";

// The probes behind the test setup's choice of PostgreSQL and Redis servers.

describe("service probes", () => {
  it("name the problem when nothing listens", async () => {
    const port = await freePort();
    expect(await postgresProblem(`postgresql://postgres@127.0.0.1:${port}/test`)).toMatch(/ECONNREFUSED/);
    expect(await redisProblem(`redis://127.0.0.1:${port}`)).toMatch(/ECONNREFUSED/);
  });

  it("report no problem for the servers the setup chose, and a problem for a missing database", async (ctx) => {
    const postgres = process.env.STUDIO_TEST_POSTGRES_URL?.trim();
    const redis = process.env.STUDIO_TEST_REDIS_URL?.trim();
    if (!postgres && !redis) ctx.skip("neither STUDIO_TEST_POSTGRES_URL nor STUDIO_TEST_REDIS_URL is set");
    if (redis) expect(await redisProblem(redis)).toBeNull();
    if (postgres) {
      expect(await postgresProblem(postgres)).toBeNull();
      const missing = new URL(postgres);
      missing.pathname = "/studio_no_such_database";
      expect(await postgresProblem(missing.toString())).toMatch(/does not exist/);
    }
  });
});
