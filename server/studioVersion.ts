import fs from "node:fs";
import path from "node:path";

/** The studio's version for reports: package.json's, plus the git commit when the checkout has one. */
export function studioVersion(root = process.cwd()): string {
  let version = "unknown version";
  try {
    version = `v${(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string }).version ?? "?"}`;
  } catch {
    // A packaged studio without its package.json: the version stays unknown.
  }
  try {
    const head = fs.readFileSync(path.join(root, ".git", "HEAD"), "utf8").trim();
    const ref = head.startsWith("ref: ") ? fs.readFileSync(path.join(root, ".git", head.slice(5)), "utf8").trim() : head;
    if (/^[0-9a-f]{40}$/u.test(ref)) version += ` (commit ${ref.slice(0, 12)})`;
  } catch {
    // Not a git checkout, or a packed ref: the package version alone.
  }
  return version;
}
