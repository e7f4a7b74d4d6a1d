-- Experiments: a study's design, and the runs that are its cells. Hand-edited from `prisma migrate
-- diff`, which redefines "Run" (create, copy, drop, rename): migrations run in a transaction, where
-- SQLite ignores PRAGMA foreign_keys=OFF, so dropping "Run" would cascade to every RunItem. Adding
-- the columns in place keeps every row.
-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "specJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "experimentId" TEXT REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Run" ADD COLUMN "cellJson" TEXT NOT NULL DEFAULT '{}';

-- CreateIndex
CREATE INDEX "Run_experimentId_idx" ON "Run"("experimentId");
