import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../support/sharedData";

// The repository's own knip.jsonc, run by Knip over small projects written to a temporary folder: one
// without dead code, and the same with a dead file, a dead export, a dead type and a dead dependency.

const knipBin = path.join(REPO_ROOT, "node_modules", "knip", "bin", "knip.js");

const CLEAN: Record<string, string> = {
  "package.json": JSON.stringify({ name: "fixture", private: true, type: "module", scripts: { cli: "node cli/index.ts" }, dependencies: {} }),
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler", strict: true } }),
  "cli/index.ts": 'import { used } from "../server/used";\nconsole.log(used);\n',
  // Loaded by file name at run time: an entry by the config, its exports are its interface.
  "cli/commands/setup.ts": "export const description = 'setup';\nexport async function run() { return 0; }\n",
  // An export used in its own file is tolerated (ignoreExportsUsedInFile).
  "server/used.ts": "export const LIMIT = 3;\nexport const used = LIMIT + 1;\n",
};

type KnipIssue = { file: string; files: { name: string }[]; exports: { name: string }[]; types: { name: string }[]; dependencies: { name: string }[] };

function knip(files: Record<string, string>): { status: number | null; issues: KnipIssue[] } {
  const dir = fs.mkdtempSync(path.join(root, "project-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.copyFileSync(path.join(REPO_ROOT, "knip.jsonc"), path.join(dir, "knip.jsonc"));
  const result = spawnSync(process.execPath, [knipBin, "--no-progress", "--no-config-hints", "--reporter", "json"], { cwd: dir, encoding: "utf8" });
  if (result.status !== 0 && result.status !== 1) throw new Error(`knip failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return { status: result.status, issues: (JSON.parse(result.stdout) as { issues: KnipIssue[] }).issues };
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "studio-knip-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the dead-code check (knip.jsonc)", () => {
  it("passes a project without dead code", () => {
    const { status, issues } = knip(CLEAN);
    expect(issues).toEqual([]);
    expect(status).toBe(0);
  }, 60_000);

  it("fails on a dead file, export, type and dependency, naming each", () => {
    const { status, issues } = knip({
      ...CLEAN,
      "package.json": JSON.stringify({ ...JSON.parse(CLEAN["package.json"]), dependencies: { "left-pad": "1.3.0" } }),
      "server/used.ts": `${CLEAN["server/used.ts"]}export const deadExport = 2;\nexport type DeadType = string;\n`,
      "server/index.ts": 'export { used } from "./used";\n',
    });
    expect(status).toBe(1);
    const byFile = new Map(issues.map((issue) => [issue.file, issue]));
    expect(byFile.get("server/index.ts")?.files).toEqual([{ name: "server/index.ts" }]);
    expect(byFile.get("server/used.ts")?.exports.map((e) => e.name)).toEqual(["deadExport"]);
    expect(byFile.get("server/used.ts")?.types.map((e) => e.name)).toEqual(["DeadType"]);
    expect(byFile.get("package.json")?.dependencies.map((e) => e.name)).toEqual(["left-pad"]);
  }, 60_000);
});
