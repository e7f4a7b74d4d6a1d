import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NotFoundError, UserInputError } from "../errors";
import { streamBodyTo } from "../security/bodyLimit";

/**
 * Files uploaded from the browser for an import: each request body streams to its own folder under
 * the OS temp folder (never held in memory, never through a tRPC body), kept under the user's file
 * name so the importer's located errors name the file the user chose. An import takes the uploads
 * by id and removes them; uploads never imported are removed after a day.
 */
export const DEFAULT_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
const ROOT = path.join(os.tmpdir(), "reaper-studio-uploads");
const ID = /^[a-f0-9]{32}$/;
const MAX_AGE_MS = 24 * 3600_000;

export function uploadLimitFromEnv(env: Record<string, string | undefined> = process.env): number {
  const mb = Number(env.STUDIO_MAX_UPLOAD_MB);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : DEFAULT_UPLOAD_BYTES;
}

/** A file name safe to keep: its last path part, printable, at most 120 characters. */
function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[^\w.\- ()]/g, "_").slice(0, 120);
  return base && base !== "." && base !== ".." ? base : "upload.json";
}

async function removeStale(now = Date.now()): Promise<void> {
  const entries = await fs.promises.readdir(ROOT, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const dir = path.join(ROOT, entry.name);
    const stat = await fs.promises.stat(dir).catch(() => null);
    if (stat && now - stat.mtimeMs > MAX_AGE_MS) await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

export async function saveUpload(body: ReadableStream<Uint8Array>, fileName: string, maxBytes = uploadLimitFromEnv()): Promise<{ id: string; name: string; bytes: number }> {
  await removeStale();
  const id = crypto.randomBytes(16).toString("hex");
  const dir = path.join(ROOT, id);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const name = safeFileName(fileName);
  const out = await fs.promises.open(path.join(dir, name), "w", 0o600);
  try {
    const bytes = await streamBodyTo(body, maxBytes, async (chunk) => {
      await out.write(chunk);
    });
    return { id, name, bytes };
  } catch (err) {
    await out.close();
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw err;
  } finally {
    await out.close().catch(() => undefined);
  }
}

/** The uploaded file's path; NotFoundError when the id is unknown (or already imported). */
export async function uploadPath(id: string): Promise<string> {
  if (!ID.test(id)) throw new UserInputError(`"${id}" is not an upload id.`);
  const files = await fs.promises.readdir(path.join(ROOT, id)).catch(() => []);
  if (files.length !== 1) throw new NotFoundError(`Upload ${id} is gone (imported already, or older than a day): upload the file again.`);
  return path.join(ROOT, id, files[0]);
}

export async function removeUpload(id: string): Promise<void> {
  if (ID.test(id)) await fs.promises.rm(path.join(ROOT, id), { recursive: true, force: true });
}
