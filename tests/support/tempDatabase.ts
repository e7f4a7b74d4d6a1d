import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../server/db/client";

export type TempDatabase = { db: Db; file: string; url: string; cleanup(): Promise<void> };

/** A fresh, migrated SQLite file in the OS temp folder; removed by cleanup(). */
export function createTempDatabase(prefix = "studio-test-"): TempDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, "studio.db");
  const url = `file:${file}`;
  const db = openDatabase(url);
  return {
    db,
    file,
    url,
    async cleanup() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
