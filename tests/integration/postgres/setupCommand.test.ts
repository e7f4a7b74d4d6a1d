import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run as setupRun } from "../../../cli/commands/setup";
import { getDb } from "../../../server/db/client";
import { redactUrl } from "../../../server/urlCredentials";
import { PIPELINE_TEMPLATES } from "../../../server/pipelines/templates";
import { createEmptyPostgresDatabase, hasPostgres, postgresSkipReason, type TempPostgres } from "../../support/tempPostgres";

// `npm run setup` and getDb() with DATABASE_URL pointing at PostgreSQL, in-process as the CLI runs.
// (Each test file runs in its own worker, so the process-wide client and env changes stay here.)
describe.skipIf(!hasPostgres)(hasPostgres ? "setup and getDb() with DATABASE_URL=postgresql://..." : postgresSkipReason, () => {
  let temp: TempPostgres;
  const previous = process.env.DATABASE_URL;
  beforeAll(async () => {
    temp = await createEmptyPostgresDatabase();
    process.env.DATABASE_URL = temp.url;
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    await getDb().$disconnect();
    await temp?.drop();
  });

  it("migrates, loads the sample datasets and templates, and names the database without credentials", async () => {
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
    let code: number;
    try {
      code = await setupRun();
    } finally {
      log.mockRestore();
    }
    expect(code).toBe(0);
    const loaded = out.find((l) => l.startsWith("Sample datasets loaded now:"));
    const created = Number(/loaded now: (\d+), already present: 0$/.exec(loaded ?? "")?.[1]);
    expect(created).toBeGreaterThan(0);
    expect(out[0]).toBe(`Database: PostgreSQL ${redactUrl(temp.url)}`);
    const password = new URL(temp.url).password;
    if (password) expect(out.join("\n")).not.toContain(password);

    const db = getDb();
    expect(await db.dataset.count()).toBe(created);
    expect(await db.pipeline.count({ where: { templateKey: { not: null } } })).toBe(PIPELINE_TEMPLATES.length);
    const examples = await db.dataset.aggregate({ _sum: { exampleCount: true } });
    expect(await db.example.count()).toBe(examples._sum.exampleCount);
  });
});
