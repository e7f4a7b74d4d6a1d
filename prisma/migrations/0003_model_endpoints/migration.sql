-- CreateTable
CREATE TABLE "ModelEndpoint" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "configJson" TEXT NOT NULL,
    "apiKeyCipher" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

