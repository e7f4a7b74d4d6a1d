-- RunItem.exampleId (the Example row id) becomes exampleRowId, a foreign key to Example; the LaMP
-- sample id, stored as exampleKey, takes the name exampleId (as on Example). Hand-written renames:
-- `prisma migrate diff` sees them as a drop and an add, which would lose the values.

-- DropIndex
DROP INDEX "RunItem_runId_exampleId_key";

-- AlterTable
ALTER TABLE "RunItem" RENAME COLUMN "exampleId" TO "exampleRowId";
ALTER TABLE "RunItem" RENAME COLUMN "exampleKey" TO "exampleId";

-- CreateIndex
CREATE INDEX "RunItem_exampleRowId_idx" ON "RunItem"("exampleRowId");

-- CreateIndex
CREATE UNIQUE INDEX "RunItem_runId_exampleRowId_key" ON "RunItem"("runId", "exampleRowId");

-- AddForeignKey
ALTER TABLE "RunItem" ADD CONSTRAINT "RunItem_exampleRowId_fkey" FOREIGN KEY ("exampleRowId") REFERENCES "Example"("id") ON DELETE CASCADE ON UPDATE CASCADE;
