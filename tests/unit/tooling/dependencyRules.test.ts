import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintDependencies } from "../../../tools/lintDependencies";
import { REPO_ROOT } from "../../support/sharedData";

// The repository's own .dependency-cruiser.cjs and folder-cycle check, run over small projects written
// to a temporary folder: one that keeps every rule, and the same with one violation of each planted.

const CLEAN: Record<string, string> = {
  // baseUrl: tsconfig paths resolve from the working directory otherwise, which is the repository here.
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler", baseUrl: ".", paths: { "@/*": ["./*"] } } }),
  "server/db/client.ts": "export type Db = { name: string };\nexport const getDb = (): Db => ({ name: 'db' });\n",
  "server/lamp/tasks.ts": "export const TASKS = ['LaMP-1'];\n",
  "server/metrics/stats/random.ts": "export const mulberry32 = (seed: number) => () => seed;\n",
  "server/metrics/failureModes/tokenCount.ts": "import { TASKS } from '../../lamp/tasks';\nexport const count = (s: string) => s.length + TASKS.length;\n",
  "server/llm/retry.ts": "import { count } from '../metrics/failureModes/tokenCount';\nexport const jitter = () => count('x');\n",
  "server/nodes/generate.ts": "import { jitter } from '../llm/retry';\nexport const generate = () => jitter();\n",
  "server/runs/executeRun.ts": "import { getDb } from '../db/client';\nimport { generate } from '../nodes/generate';\nexport const run = () => [getDb(), generate()];\n",
  "server/pipeline/graphRules.ts": "export const canConnect = (a: string, b: string) => a === b;\n",
  "components/Editor.tsx":
    "import type { Db } from '@/server/db/client';\nimport { canConnect } from '../server/pipeline/graphRules';\nexport const Editor = (db: Db) => canConnect(db.name, 'x');\n",
  "app/page.tsx": "import { Editor } from '../components/Editor';\nexport default Editor;\n",
};

const PLANTED: Record<string, { files: Record<string, string>; rule: string; from: string; to: string | RegExp }> = {
  serverToUi: {
    files: { "server/runs/view.ts": "import { Editor } from '../../components/Editor';\nexport const v = Editor;\n" },
    rule: "server-not-to-ui",
    from: "server/runs/view.ts",
    to: "components/Editor.tsx",
  },
  serverToReact: {
    files: { "server/runs/react.ts": "import { useState } from 'react';\nexport const s = useState;\n" },
    rule: "server-not-to-react-or-next",
    from: "server/runs/react.ts",
    to: /node_modules\/react\/index\.js$/,
  },
  componentsRuntimeImport: {
    files: { "components/RunButton.tsx": "import { run } from '@/server/runs/executeRun';\nexport const RunButton = () => run();\n" },
    rule: "components-to-server-types-only",
    from: "components/RunButton.tsx",
    to: "server/runs/executeRun.ts",
  },
  browserSafeImportsNode: {
    files: { "server/pipeline/graphRules.ts": "import fs from 'node:fs';\nexport const canConnect = (a: string, b: string) => a === b && fs.existsSync(a);\n" },
    rule: "browser-safe-stays-pure",
    from: "server/pipeline/graphRules.ts",
    to: "fs",
  },
  nodesToDb: {
    files: { "server/nodes/cache.ts": "import { getDb } from '../db/client';\nexport const cache = () => getDb();\n" },
    rule: "nodes-not-to-db",
    from: "server/nodes/cache.ts",
    to: "server/db/client.ts",
  },
  unresolvable: {
    files: { "server/runs/typo.ts": "import { nothing } from './doesNotExist';\nexport const t = nothing;\n" },
    rule: "not-to-unresolvable",
    from: "server/runs/typo.ts",
    to: "./doesNotExist",
  },
};

let root: string;

function writeProject(dir: string, files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.copyFileSync(path.join(REPO_ROOT, ".dependency-cruiser.cjs"), path.join(dir, ".dependency-cruiser.cjs"));
  // react resolves from the project's node_modules, as in the repository.
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
}

const lint = (dir: string, knownFolderCycles: string[][] = []) =>
  lintDependencies({ baseDir: dir, targets: ["app", "components", "server"], knownFolderCycles });

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "studio-depcruise-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the dependency rules", () => {
  it("pass a project that keeps them: type-only and allow-listed imports from components, one-way folders", async () => {
    const dir = path.join(root, "clean");
    writeProject(dir, CLEAN);
    const report = await lint(dir);
    expect(report.violations).toEqual([]);
    expect(report.folderCycles).toEqual([]);
    expect(report.ok).toBe(true);
  }, 60_000);

  it("each fire on a planted violation, naming the import", async () => {
    const dir = path.join(root, "planted");
    writeProject(dir, Object.assign({}, CLEAN, ...Object.values(PLANTED).map((p) => p.files)));
    const report = await lint(dir);
    expect(report.ok).toBe(false);
    for (const [name, planted] of Object.entries(PLANTED)) {
      const to = typeof planted.to === "string" ? planted.to : expect.stringMatching(planted.to);
      expect(report.violations, name).toContainEqual({ rule: planted.rule, from: planted.from, to });
    }
    // server/runs -> components (serverToUi) and components -> server/runs (componentsRuntimeImport) also close a folder cycle.
    expect(report.violations).toContainEqual({ rule: "no-folder-cycles", from: "server/runs", to: "components" });
    expect(report.violations, JSON.stringify(report.violations, null, 1)).toHaveLength(Object.keys(PLANTED).length + 1);
    expect(report.text).toContain("components-to-server-types-only: components/RunButton.tsx → server/runs/executeRun.ts");
  }, 60_000);

  it("find a cycle between nested server folders (dependency-cruiser's folder rule) and between top-level ones (ours)", async () => {
    const dir = path.join(root, "cycles");
    // metrics/stats -> llm closes metrics -> ... -> llm -> metrics at top level only: llm imports
    // metrics/failureModes, and metrics/stats is another folder to dependency-cruiser.
    const topLevelOnly = { "server/metrics/stats/bootstrap.ts": "import { jitter } from '../../llm/retry';\nexport const b = jitter;\n" };
    // db -> runs -> db is a cycle at every level.
    const everyLevel = { "server/db/seed.ts": "import { run } from '../runs/executeRun';\nexport const seed = run;\n" };
    writeProject(dir, { ...CLEAN, ...topLevelOnly, ...everyLevel });
    const report = await lint(dir);
    expect(report.violations.filter((v) => v.rule === "no-folder-cycles").map((v) => v.from)).toContain("server/db");
    expect(report.violations.some((v) => v.rule === "no-folder-cycles" && v.from.startsWith("server/llm"))).toBe(false);
    expect(report.folderCycles.map((c) => c.folders)).toEqual([["server/db", "server/runs"], ["server/llm", "server/metrics"]]);
    expect(report.folderCycles[1].edges).toEqual([
      "server/llm -> server/metrics: server/llm/retry.ts -> server/metrics/failureModes/tokenCount.ts",
      "server/metrics -> server/llm: server/metrics/stats/bootstrap.ts -> server/llm/retry.ts",
    ]);
    expect(report.text).toContain("no-top-level-folder-cycles: server/llm <-> server/metrics");
  }, 60_000);

  it("accept a listed known cycle, and fail once a listed cycle is gone so the list shrinks", async () => {
    const dir = path.join(root, "known");
    writeProject(dir, { ...CLEAN, "server/metrics/stats/bootstrap.ts": "import { jitter } from '../../llm/retry';\nexport const b = jitter;\n" });
    const known = await lint(dir, [["server/metrics", "server/llm"]]);
    expect(known.folderCycles).toEqual([]);
    expect(known.ok).toBe(true);
    const gone = await lint(path.join(root, "clean"), [["server/llm", "server/metrics"]]);
    expect(gone.goneKnownCycles).toEqual(["server/llm <-> server/metrics"]);
    expect(gone.ok).toBe(false);
  }, 60_000);
});
