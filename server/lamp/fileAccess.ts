// Why a LaMP file cannot be read, said with its path: the system's error codes (EISDIR, ELOOP...)
// mean nothing to a user and do not name the file.
import fs from "node:fs";
import { LampFormatError } from "./lampFormatError";

const PROBLEMS: Record<string, string> = {
  ENOENT: "does not exist",
  ENOTDIR: "does not exist (a folder on its path is a file)",
  ELOOP: "is a symbolic link that loops (it never reaches a file)",
  EISDIR: "is a directory, not a file",
  EACCES: "cannot be read (permission denied)",
  EPERM: "cannot be read (permission denied)",
  ENAMETOOLONG: "has a name that is too long",
};

/** The LampFormatError for a system error on `filePath`, or the error itself when it is not one of the known file problems. */
export function fileProblem(err: unknown, kind: string, filePath: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const problem = code === undefined ? undefined : PROBLEMS[code];
  return problem ? new LampFormatError(`The ${kind} file ${filePath} ${problem}`) : err;
}

/** Refuses, naming the path, anything that is not a regular file one can open (a directory, a dangling or looping link...). */
export async function assertReadableFile(filePath: string, kind: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(filePath);
  } catch (err) {
    throw fileProblem(err, kind, filePath);
  }
  if (stat.isDirectory()) throw new LampFormatError(`The ${kind} file ${filePath} ${PROBLEMS.EISDIR}`);
  if (!stat.isFile()) throw new LampFormatError(`The ${kind} file ${filePath} is not a regular file`);
  try {
    await fs.promises.access(filePath, fs.constants.R_OK);
  } catch (err) {
    throw fileProblem(err, kind, filePath);
  }
}

/** Whether something is at `entryPath`, even a link that leads nowhere (so a broken outputs file is an error, not a missing one). */
export function entryExists(entryPath: string): boolean {
  try {
    fs.lstatSync(entryPath);
    return true;
  } catch {
    return false;
  }
}

/** Reads a whole file, with the errors above. */
export async function readWholeFile(filePath: string, kind: string): Promise<Buffer> {
  await assertReadableFile(filePath, kind);
  try {
    return await fs.promises.readFile(filePath);
  } catch (err) {
    throw fileProblem(err, kind, filePath);
  }
}
