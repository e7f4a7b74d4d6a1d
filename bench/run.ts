// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts file in turn.
// Each benchmark prints its own measured figures (ratios measured in one run); none asserts a time.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
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
