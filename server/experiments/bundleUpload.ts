import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "../db/client";
import { UserInputError } from "../errors";
import { parseJson, StoredJsonError } from "../safeJson";
import { streamBodyTo } from "../security/bodyLimit";
import { importAnyBundle, type ImportedBundle } from "./importBundle";

/**
 * A bundle uploaded from the browser: the request body streams to a temporary file (never through a
 * tRPC JSON body, whose limit is much smaller), up to STUDIO_MAX_BUNDLE_MB (default 256 MB), and is
 * imported from there like `cli import --bundle FILE`.
 */
export const DEFAULT_BUNDLE_BYTES = 256 * 1024 * 1024;

export function bundleLimitFromEnv(env: Record<string, string | undefined> = process.env): number {
  const mb = Number(env.STUDIO_MAX_BUNDLE_MB);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : DEFAULT_BUNDLE_BYTES;
}

export async function importUploadedBundle(db: Db, body: ReadableStream<Uint8Array>, fileName: string, maxBytes = bundleLimitFromEnv()): Promise<ImportedBundle> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "studio-bundle-"));
  const file = path.join(dir, "bundle.json");
  try {
    const out = await fs.promises.open(file, "w");
    try {
      await streamBodyTo(body, maxBytes, async (chunk) => {
        await out.write(chunk);
      });
    } finally {
      await out.close();
    }
    let bundle: unknown;
    try {
      bundle = parseJson(await fs.promises.readFile(file, "utf8"), fileName);
    } catch (err) {
      if (err instanceof StoredJsonError) throw new UserInputError(`${fileName} is not a bundle: ${err.message}`);
      throw err;
    }
    return await importAnyBundle(db, bundle);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
