-- CreateTable
CREATE TABLE "ModelEndpoint" (
    "name" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "apiKeyCipher" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelEndpoint_pkey" PRIMARY KEY ("name")
);

