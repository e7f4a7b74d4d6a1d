-- AlterTable
ALTER TABLE "Pipeline" ADD COLUMN "archivedAt" DATETIME;

-- AlterTable
ALTER TABLE "PipelineVersion" ADD COLUMN "graphHash" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "importedAt" DATETIME;

-- CreateIndex
CREATE INDEX "PipelineVersion_graphHash_idx" ON "PipelineVersion"("graphHash");

