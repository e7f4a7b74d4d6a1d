import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (tests/support/../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Real LaMP sample files live beside the repository, never inside it (licence: CC BY-NC-SA 4.0). */
export const LAMP_REAL_DIR = path.resolve(REPO_ROOT, "..", "shared", "data", "lamp-real");

export const hasLampReal = fs.existsSync(LAMP_REAL_DIR);

/** Reason printed when a test needing ../shared is skipped (a user's clone has no ../shared). */
export const lampRealSkipReason = `real LaMP files not found at ${LAMP_REAL_DIR}; skipping tests that need them`;

if (!hasLampReal) console.warn(`[skip] ${lampRealSkipReason}`);

export function lampRealFile(...parts: string[]): string {
  return path.join(LAMP_REAL_DIR, ...parts);
}
