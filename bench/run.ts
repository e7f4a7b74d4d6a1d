// `npm run bench [-- name-filter] [--flags]`: runs every bench/*.bench.ts file whose name contains the
// filter, in turn; arguments starting with "--" are left for the benchmarks (process.argv), e.g.
// `npm run bench -- throughput --quick`.
// Each benchmark prints its own measured figures (ratios measured in one run); none asserts a time.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).find((a, i, all) => !a.startsWith("--") && !(i > 0 && /^--(only|rounds|profile-label)$/.test(all[i - 1]))) ?? "";
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".bench.ts") && f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`No benchmark matches "${filter}".`);
  process.exit(1);
}
for (const f of files) {
  console.log(`\n### ${f}`);
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { main?: () => Promise<void> };
  if (typeof mod.main !== "function") throw new Error(`${f} must export async function main()`);
  await mod.main();
}
