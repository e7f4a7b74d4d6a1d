import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureConsole } from "../../support/captureConsole";
import { run as exportRun } from "../../../cli/commands/export";
import { run as importRun } from "../../../cli/commands/import";
import { run as promptRun } from "../../../cli/commands/prompt";
import { hasLampReal, lampRealFile, lampRealSkipReason } from "../../support/sharedData";

// The commands run in-process against a temp database named by DATABASE_URL, as `npm run cli` would.

describe.skipIf(!hasLampReal)(hasLampReal ? "cli import / prompt / export" : lampRealSkipReason, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamp-cli-"));
  const previous = process.env.DATABASE_URL;
  beforeAll(() => {
    process.env.DATABASE_URL = `file:${path.join(dir, "cli.db")}`;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("imports a folder, previews a prompt and exports the golds", async () => {
    const imported = await captureConsole(() => importRun(["--dir", lampRealFile("LaMP_4"), "--split", "dev"]));
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^Imported "LaMP_4 \(dev\)": LaMP-4 dev \(user-based\), 1 examples, 1 with a gold output/);
    expect(imported.err).toContain("done: 5.2 KB / 5.2 KB (100.0%), 1 records");

    const shown = await captureConsole(() => promptRun(["--dataset", "LaMP_4 (dev)", "--example", "310", "--k", "2"]));
    expect(shown.code).toBe(0);
    expect(shown.out).toContain("LaMP-4 example 310: 17 profile items");
    expect(shown.out).toContain("Retrieved (bm25, k=2): 2 item(s)");
    expect(shown.out).toContain("is the title for");
    expect(shown.out).toContain(". Generate a headline for the following article: Here are a few tips");

    const out = path.join(dir, "golds.json");
    const exported = await captureConsole(() => exportRun(["--dataset", "LaMP_4 (dev)", "--out", out]));
    expect(exported.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual(JSON.parse(fs.readFileSync(lampRealFile("LaMP_4", "dev_outputs.json"), "utf8")));
  });

  it("refuses bad arguments with usage and exit code 2", async () => {
    const noSplit = await captureConsole(() => importRun(["--dir", lampRealFile("LaMP_4")]));
    expect(noSplit.code).toBe(2);
    expect(noSplit.err).toContain("--split is required and must be one of train, dev, test.");
    const both = await captureConsole(() => importRun(["--dir", "x", "--questions", "y", "--split", "dev"]));
    expect(both.code).toBe(2);
    expect(both.err).toContain("Give either --dir or --questions.");
    const badRetriever = await captureConsole(() => promptRun(["--dataset", "d", "--example", "1", "--retriever", "tfidf"]));
    expect(badRetriever.code).toBe(2);
    expect(badRetriever.err).toContain("--retriever must be one of bm25, dense, recency, random, none.");
  });

  it("names the missing example", async () => {
    await expect(promptRun(["--dataset", "LaMP_4 (dev)", "--example", "999"])).rejects.toThrow(
      'Dataset "LaMP_4 (dev)" has no example with id "999".',
    );
  });
});
