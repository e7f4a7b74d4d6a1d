import path from "node:path";
import { describe, expect, it } from "vitest";
import { redactUrl, resolveDatabaseTarget } from "../../../server/db/databaseUrl";

describe("resolveDatabaseTarget", () => {
  it("defaults to data/studio.db under the working directory", () => {
    expect(resolveDatabaseTarget(undefined, "/srv/studio")).toEqual({
      kind: "sqlite",
      file: path.resolve("/srv/studio/data/studio.db"),
      url: `file:${path.resolve("/srv/studio/data/studio.db")}`,
    });
  });

  it("resolves relative file: URLs against the working directory and keeps absolute ones", () => {
    expect(resolveDatabaseTarget("file:./x/y.db", "/srv").file).toBe("/srv/x/y.db");
    expect(resolveDatabaseTarget("file:/tmp/a.db", "/srv").file).toBe("/tmp/a.db");
    expect(resolveDatabaseTarget("/tmp/b.db?mode=rw", "/srv").file).toBe("/tmp/b.db");
  });

  it("refuses PostgreSQL URLs with a message that hides the password", () => {
    expect(() => resolveDatabaseTarget("postgresql://me:secret@127.0.0.1:5432/test")).toThrow(/me:\*\*\*@127\.0\.0\.1/);
    expect(() => resolveDatabaseTarget("postgresql://me:secret@127.0.0.1:5432/test")).not.toThrow(/secret/);
  });

  it("rejects a URL without a file", () => {
    expect(() => resolveDatabaseTarget("file:")).toThrow(/names no database file/);
  });

  it("redacts credentials only", () => {
    expect(redactUrl("postgres://u:p@h/db")).toBe("postgres://u:***@h/db");
    expect(redactUrl("file:/tmp/x.db")).toBe("file:/tmp/x.db");
  });
});
