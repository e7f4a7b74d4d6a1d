/**
 * Which files a local GGUF endpoint may open. Whoever can save an endpoint chooses its model path,
 * so without these rules the studio would open any file it can read: telling whether it exists,
 * quoting its first bytes in the parser's error, or opening its own database (closing any other
 * descriptor of a SQLite file drops the process's locks on it, and later writes are lost).
 *
 * A model file must lie under STUDIO_MODELS_DIR (default data/models under the working directory),
 * after symlinks are followed; be a regular file; not be the studio's database or its -wal, -shm or
 * -journal sibling; and start with the 4-byte GGUF magic. A path outside the folder is refused
 * before the file system is asked anything, so the answer is the same whether it exists or not, and
 * no message ever quotes a file's content.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { resolveDatabaseTarget } from "../db/databaseUrl";
import { LlmConfigError } from "./errors";

export const DEFAULT_MODELS_DIR = path.join("data", "models");

const GGUF_MAGIC = Buffer.from("GGUF", "ascii");
const SQLITE_SIBLINGS = ["", "-wal", "-shm", "-journal"];

export type ModelFileRules = {
  /** Absolute folder every model file must lie under. */
  modelsDir: string;
  /** The studio's SQLite database file, or null on PostgreSQL. */
  databaseFile: string | null;
};

type Env = Record<string, string | undefined>;

/** The folder from STUDIO_MODELS_DIR (relative to `cwd`), and the database of DATABASE_URL. */
export function modelFileRules(env: Env = process.env, cwd: string = process.cwd()): ModelFileRules {
  const target = resolveDatabaseTarget(env.DATABASE_URL, cwd);
  return {
    modelsDir: path.resolve(cwd, env.STUDIO_MODELS_DIR?.trim() || DEFAULT_MODELS_DIR),
    databaseFile: target.kind === "sqlite" ? target.file : null,
  };
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

async function realpathOrNull(file: string): Promise<string | null> {
  try {
    return await fs.realpath(file);
  } catch {
    return null;
  }
}

async function isDatabaseFile(file: { dev: number; ino: number }, databaseFile: string | null): Promise<boolean> {
  if (databaseFile === null) return false;
  for (const suffix of SQLITE_SIBLINGS) {
    // Compared by device and inode: a hard link or a symlink to the database is the database.
    const stat = await fs.stat(`${databaseFile}${suffix}`).catch(() => null);
    if (stat && stat.dev === file.dev && stat.ino === file.ino) return true;
  }
  return false;
}

async function startsWithGgufMagic(file: string): Promise<boolean> {
  const handle = await fs.open(file, "r");
  try {
    const head = Buffer.alloc(GGUF_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(GGUF_MAGIC);
  } finally {
    await handle.close();
  }
}

/**
 * The real path of `modelPath` (relative paths resolve against `cwd`) once it passes every rule
 * above; otherwise a LlmConfigError saying which rule, never what the file holds.
 */
export async function checkModelFile(modelPath: string, rules: ModelFileRules, cwd: string = process.cwd()): Promise<string> {
  const given = path.resolve(cwd, modelPath);
  const refuse = (why: string) => new LlmConfigError(`Model file "${modelPath}" ${why}`);
  const outside = refuse(
    `is not under the models folder ${rules.modelsDir} (STUDIO_MODELS_DIR): put the .gguf file there, or point STUDIO_MODELS_DIR at its folder.`,
  );
  if (!isInside(rules.modelsDir, given)) throw outside;
  const realDir = await realpathOrNull(rules.modelsDir);
  if (realDir === null) throw refuse(`cannot be used: the models folder ${rules.modelsDir} (STUDIO_MODELS_DIR) does not exist.`);
  const real = await realpathOrNull(given);
  if (real === null) throw refuse(`does not exist in the models folder ${rules.modelsDir} (STUDIO_MODELS_DIR).`);
  // A symlink in the folder that leads out of it is refused like a path outside it.
  if (!isInside(realDir, real)) throw outside;
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw refuse("is not a regular file.");
  // Checked before the file is opened: opening the database at all would drop its locks.
  if (await isDatabaseFile(stat, rules.databaseFile)) throw refuse("is the studio's own database; choose a .gguf model file.");
  if (!(await startsWithGgufMagic(real))) throw refuse("is not a GGUF model file (it does not start with the GGUF magic bytes).");
  return real;
}
