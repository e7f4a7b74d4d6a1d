-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "split" TEXT NOT NULL,
    "splitKind" TEXT NOT NULL DEFAULT 'user',
    "source" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "exampleCount" INTEGER NOT NULL DEFAULT 0,
    "goldCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Example" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "exampleId" TEXT NOT NULL,
    "userId" TEXT,
    "input" TEXT NOT NULL,
    "profileJson" TEXT NOT NULL,
    "profileSize" INTEGER NOT NULL,
    "gold" TEXT,

    CONSTRAINT "Example_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_name_key" ON "Dataset"("name");

-- CreateIndex
CREATE INDEX "Dataset_task_idx" ON "Dataset"("task");

-- CreateIndex
CREATE INDEX "Example_datasetId_position_idx" ON "Example"("datasetId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Example_datasetId_exampleId_key" ON "Example"("datasetId", "exampleId");

-- AddForeignKey
ALTER TABLE "Example" ADD CONSTRAINT "Example_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

