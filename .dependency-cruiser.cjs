// Layering rules of docs/ARCHITECTURE.md, checked by `npm run lint:deps` (tools/lintDependencies.ts,
// part of `npm test`). That script cruises once with this file and adds one check dependency-cruiser's
// folder rules cannot express: no cycle between the top-level folders of server/ (see there, with the
// list of known cycles).

/**
 * Server modules that components/ may import at run time (everything else only as `import type`).
 * Each is pure and dependency-free: no I/O, no database, no npm package, no Node built-in, so it can
 * be bundled for the browser and means the same there as on the server. The rule
 * `browser-safe-stays-pure` keeps it so: these modules import only each other.
 */
const BROWSER_SAFE = [
  // The editor refuses the connections the server's validation refuses: one rule set, shared.
  "server/pipeline/graphRules.ts",
  // The metric catalog (label, direction, format, headline per task) that charts and tables read ...
  "server/metrics/metricCatalog.ts",
  // ... and what it reads: the LaMP task registry with its official label lists and query makers.
  "server/lamp/tasks.ts",
  "server/lamp/officialLabels.ts",
  "server/lamp/lampFormatError.ts",
  "server/lamp/queryCorpusMakers.ts",
  "server/lamp/profileItem.ts",
  "server/lamp/pythonText.ts",
  "server/retrieval/pythonStrings.ts",
  "server/errors.ts",
  // Which actions a role has, so pages hide what the server would refuse.
  "server/auth/roles.ts",
  // The experiment page and the exported report draw the same chart from the same preparation.
  "server/experiments/experimentChart.ts",
];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const BROWSER_SAFE_PATH = `^(${BROWSER_SAFE.map(escape).join("|")})$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles",
      severity: "error",
      comment:
        "Folders of server/ depend on each other in one direction (DESIGN.md: api -> runs/queue -> pipeline -> nodes -> retrieval/llm/metrics/lamp -> db). Checked per folder at every depth; cycles between top-level folders are checked by tools/lintDependencies.ts.",
      scope: "folder",
      from: { path: "^server/" },
      to: { circular: true },
    },
    {
      name: "server-not-to-ui",
      severity: "error",
      comment: "server/ is the core; the Next.js routes (app/, proxy.ts, instrumentation.ts) and the React UI (components/) sit on top of it.",
      from: { path: "^server/" },
      to: { path: "^(app/|components/|proxy\\.ts$|instrumentation\\.ts$)" },
    },
    {
      name: "server-not-to-react-or-next",
      severity: "error",
      comment: "server/ is plain TypeScript, usable from the CLI and the workers: no React, no Next.js.",
      from: { path: "^server/" },
      to: { path: "node_modules/(react|react-dom|next|@xyflow|@tanstack|@trpc/(client|tanstack-react-query))/" },
    },
    {
      name: "components-to-server-types-only",
      severity: "error",
      comment:
        "components/ reach the server through tRPC; from server/ they import types only (`import type`), or a module of the BROWSER_SAFE list at the top of this file.",
      from: { path: "^components/" },
      to: { path: "^server/", pathNot: BROWSER_SAFE_PATH, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "browser-safe-stays-pure",
      severity: "error",
      comment: "A BROWSER_SAFE module is bundled for the browser: at run time it imports only other BROWSER_SAFE modules.",
      from: { path: BROWSER_SAFE_PATH },
      to: { pathNot: BROWSER_SAFE_PATH, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "nodes-not-to-db",
      severity: "error",
      comment: "A node kind computes from its inputs and the services in its context; persistence belongs to server/runs.",
      from: { path: "^server/nodes/" },
      to: { path: "^(server/db/|prisma/)|node_modules/(@prisma/|prisma/|better-sqlite3/|pg/)" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that resolves to nothing on disk (a typo, a missing package, a deleted file).",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^server/db/generated"] },
    exclude: { path: ["^\\.next"] },
    // See `import type` (a type-only dependency), which components/ may use freely.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};
