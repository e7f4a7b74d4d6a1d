-- RunItem.exampleId (the Example row id) becomes exampleRowId, a foreign key to Example; the LaMP
-- sample id, stored as exampleKey, takes the name exampleId (as on Example). Hand-edited from
-- `prisma migrate diff`, which sees two renames as a drop and an add: the copy maps the old columns.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RunItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "exampleRowId" TEXT NOT NULL,
    "exampleId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "answer" TEXT,
    "rawAnswer" TEXT,
    "reasoning" TEXT,
    "outputsJson" TEXT NOT NULL DEFAULT '{}',
    "retrievedIdsJson" TEXT NOT NULL DEFAULT '[]',
    "metricsJson" TEXT NOT NULL DEFAULT '{}',
    "signalsJson" TEXT NOT NULL DEFAULT '{}',
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "reasoningTokens" INTEGER NOT NULL DEFAULT 0,
    "latencyMs" INTEGER NOT NULL DEFAULT 0,
    "cacheHit" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "finishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RunItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RunItem_exampleRowId_fkey" FOREIGN KEY ("exampleRowId") REFERENCES "Example" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RunItem" ("answer", "attempts", "cacheHit", "completionTokens", "error", "exampleRowId", "exampleId", "finishedAt", "id", "latencyMs", "metricsJson", "outputsJson", "position", "promptTokens", "rawAnswer", "reasoning", "reasoningTokens", "retrievedIdsJson", "runId", "signalsJson", "status") SELECT "answer", "attempts", "cacheHit", "completionTokens", "error", "exampleId", "exampleKey", "finishedAt", "id", "latencyMs", "metricsJson", "outputsJson", "position", "promptTokens", "rawAnswer", "reasoning", "reasoningTokens", "retrievedIdsJson", "runId", "signalsJson", "status" FROM "RunItem";
DROP TABLE "RunItem";
ALTER TABLE "new_RunItem" RENAME TO "RunItem";
CREATE INDEX "RunItem_runId_position_idx" ON "RunItem"("runId", "position");
CREATE INDEX "RunItem_exampleRowId_idx" ON "RunItem"("exampleRowId");
CREATE UNIQUE INDEX "RunItem_runId_exampleRowId_key" ON "RunItem"("runId", "exampleRowId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

