/**
 * `npm run lint:deps`: the layering rules of .dependency-cruiser.cjs (DESIGN.md), in one cruise,
 * plus the one rule dependency-cruiser cannot express: no cycle between the top-level folders of
 * server/. Its folder rules attribute a dependency to the innermost folder of its target, so
 * server/llm -> server/metrics/stats together with server/metrics/failureModes -> server/llm is no
 * cycle to it; here both count as server/llm <-> server/metrics.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { cruise, format, type ICruiseResult, type IModule } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

/** What the studio ships and runs; tests, benchmarks and tools may reach across layers. */
export const TARGETS = ["app", "components", "server", "cli", "proxy.ts", "instrumentation.ts"];

/**
 * Cycles between top-level server folders that are known and being removed, as sorted folder lists;
 * each names its issue. A listed cycle that no longer exists fails the check too, so the list shrinks.
 */
export const KNOWN_FOLDER_CYCLES: ReadonlyArray<ReadonlyArray<string>> = [];

/** `edges`: one line per folder-to-folder dependency inside the group, with an import that makes it. */
export type FolderCycle = { folders: string[]; edges: string[] };

const topLevelFolder = (file: string): string | null => /^server\/[^/]+(?=\/)/.exec(file)?.[0] ?? null;

/**
 * Groups of top-level server folders that reach each other (strongly connected, two or more), each
 * with the imports that tie it together. Type-only imports count: they couple folders as much.
 */
export function topLevelFolderCycles(modules: ReadonlyArray<IModule>): FolderCycle[] {
  const edges = new Map<string, Map<string, string[]>>();
  for (const module of modules) {
    const from = topLevelFolder(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = topLevelFolder(dependency.resolved);
      if (!to || to === from) continue;
      const targets = edges.get(from) ?? new Map<string, string[]>();
      targets.set(to, [...(targets.get(to) ?? []), `${module.source} -> ${dependency.resolved}`]);
      edges.set(from, targets);
    }
  }
  const reachable = (start: string): Set<string> => {
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      for (const next of edges.get(queue.pop()!)?.keys() ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  };
  const reach = new Map([...edges.keys()].map((folder) => [folder, reachable(folder)]));
  const cycles: FolderCycle[] = [];
  const placed = new Set<string>();
  for (const folder of [...edges.keys()].sort()) {
    if (placed.has(folder) || !reach.get(folder)!.has(folder)) continue;
    const members = [...reach.get(folder)!].filter((other) => reach.get(other)?.has(folder)).sort();
    members.forEach((m) => placed.add(m));
    const inside = new Set(members);
    const tying = members.flatMap((m) =>
      [...(edges.get(m) ?? [])]
        .filter(([to]) => inside.has(to))
        .map(([to, imports]) => `${m} -> ${to}: ${imports[0]}${imports.length > 1 ? ` (and ${imports.length - 1} more)` : ""}`),
    );
    cycles.push({ folders: members, edges: tying.sort() });
  }
  return cycles;
}

export type RuleViolation = { rule: string; from: string; to: string };

export type DependencyReport = {
  ok: boolean;
  /** dependency-cruiser's own violations of .dependency-cruiser.cjs. */
  violations: RuleViolation[];
  /** Top-level server folder cycles not listed as known. */
  folderCycles: FolderCycle[];
  /** Known cycles that no longer exist. */
  goneKnownCycles: string[];
  text: string;
};

/** Cruises `targets` under `baseDir` with a dependency-cruiser config and checks folder cycles too. */
export async function lintDependencies(options: {
  baseDir: string;
  targets?: string[];
  configFile?: string;
  knownFolderCycles?: ReadonlyArray<ReadonlyArray<string>>;
}): Promise<DependencyReport> {
  const baseDir = path.resolve(options.baseDir);
  const configFile = path.resolve(options.configFile ?? path.join(baseDir, ".dependency-cruiser.cjs"));
  const known = options.knownFolderCycles ?? KNOWN_FOLDER_CYCLES;
  const cruiseOptions = await extractDepcruiseOptions(configFile);
  // The config names its tsconfig relative to itself; dependency-cruiser would read it from the working directory.
  const tsConfigPath = cruiseOptions.tsConfig?.fileName ? path.resolve(baseDir, cruiseOptions.tsConfig.fileName) : null;
  if (tsConfigPath) cruiseOptions.tsConfig = { fileName: tsConfigPath };

  const targets = options.targets ?? TARGETS;
  const cruised = await cruise(
    targets,
    { ...cruiseOptions, baseDir, validate: true, outputType: "json" },
    {},
    { tsConfig: tsConfigPath ? extractTSConfig(tsConfigPath) : undefined },
  );
  const result = (typeof cruised.output === "string" ? JSON.parse(cruised.output) : cruised.output) as ICruiseResult;
  const ruleReport = (await format(result, { outputType: "err" })).output as string;
  const violations = result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));

  const key = (folders: ReadonlyArray<string>) => [...folders].sort().join(" <-> ");
  const knownKeys = new Set(known.map(key));
  const found = topLevelFolderCycles(result.modules);
  const folderCycles = found.filter((cycle) => !knownKeys.has(key(cycle.folders)));
  const gone = [...knownKeys].filter((k) => !found.some((cycle) => key(cycle.folders) === k));

  const lines: string[] = [ruleReport.trim()];
  for (const cycle of folderCycles) {
    lines.push(`  error no-top-level-folder-cycles: ${key(cycle.folders)}`, ...cycle.edges.map((e) => `      ${e}`));
  }
  for (const k of gone) lines.push(`  error known-folder-cycle-gone: ${k} is listed in KNOWN_FOLDER_CYCLES but no longer exists: remove it`);
  const ok = violations.length === 0 && folderCycles.length === 0 && gone.length === 0;
  lines.push(
    ok
      ? "lint:deps: the layering rules hold"
      : `lint:deps: ${violations.length} rule violation(s), ${folderCycles.length} folder cycle(s), ${gone.length} known cycle(s) gone`,
  );
  return { ok, violations, folderCycles, goneKnownCycles: gone, text: lines.filter(Boolean).join("\n") };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const report = await lintDependencies({ baseDir: process.cwd() });
  console.log(report.text);
  process.exitCode = report.ok ? 0 : 1;
}
