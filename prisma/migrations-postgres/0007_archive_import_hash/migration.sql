-- AlterTable
ALTER TABLE "Pipeline" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PipelineVersion" ADD COLUMN     "graphHash" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "importedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "PipelineVersion_graphHash_idx" ON "PipelineVersion"("graphHash");

