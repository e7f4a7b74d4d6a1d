import { describe, expect, it } from "vitest";
import { redactUrl, redactUrlsIn, splitUrlCredentials } from "../../../server/urlCredentials";

describe("redactUrl: one rule for every URL the studio shows", () => {
  it("hides the user-info of a model endpoint URL, keeping scheme, host, port and path", () => {
    expect(redactUrl("http://alice:pw-s3cret@10.0.0.5:8000/v1")).toBe("http://***@10.0.0.5:8000/v1");
    expect(redactUrl("https://ghp_token0123456789@proxy.lab/v1/")).toBe("https://***@proxy.lab/v1");
    expect(redactUrl("http://127.0.0.1:8000/v1")).toBe("http://127.0.0.1:8000/v1");
  });

  it("hides every query value of a URL (keys travel under many names)", () => {
    expect(redactUrl("https://h.example/openai?api-version=2024-02-01&key=k-123")).toBe("https://h.example/openai?api-version=***&key=***");
    expect(redactUrl("postgresql://h/db?user=u&password=s3cret&sslmode=require")).toBe("postgresql://h/db?user=***&password=***&sslmode=***");
  });

  it("hides PostgreSQL and Redis credentials, a password holding unescaped @ or / included", () => {
    expect(redactUrl("postgres://u:p@h/db")).toBe("postgres://***@h/db");
    expect(redactUrl("postgresql://u:p@ss/w@h:5432/db")).toBe("postgresql://***@h:5432/db");
    expect(redactUrl("postgresql://user@h/db")).toBe("postgresql://***@h/db");
    expect(redactUrl("redis://:redis-pw@127.0.0.1:6379/0")).toBe("redis://***@127.0.0.1:6379/0");
  });

  it("leaves URLs without credentials as they are, and is idempotent", () => {
    expect(redactUrl("file:/tmp/x.db")).toBe("file:/tmp/x.db");
    expect(redactUrl("postgresql://h:5432/db")).toBe("postgresql://h:5432/db");
    expect(redactUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
    const once = redactUrl("http://a:b@h/v1?k=v");
    expect(redactUrl(once)).toBe(once);
  });

  it("hides credentials in a URL that does not parse", () => {
    expect(redactUrl("http://us er:p@ss@bad host/v1")).toBe("http://***@bad host/v1");
  });
});

describe("redactUrlsIn", () => {
  it("redacts every URL quoted in a message, whatever library wrote it", () => {
    const message =
      "fetch failed: Request cannot be constructed from a URL that includes credentials: http://alice:pw-s3cret@127.0.0.1:9/v1/chat/completions; " +
      "also tried postgresql://me:db-s3cret@db:5432/studio and (redis://:r-s3cret@cache:6379).";
    const redacted = redactUrlsIn(message);
    expect(redacted).not.toMatch(/s3cret|alice|me:/);
    expect(redacted).toContain("http://***@127.0.0.1:9/v1/chat/completions;");
    expect(redacted).toContain("postgresql://***@db:5432/studio");
    expect(redacted).toContain("redis://***@cache:6379).");
    expect(redactUrlsIn("no URL here: 127.0.0.1:9 refused")).toBe("no URL here: 127.0.0.1:9 refused");
  });
});

describe("splitUrlCredentials", () => {
  it("takes the user-info out of the URL and turns it into HTTP Basic authentication", () => {
    const split = splitUrlCredentials("http://alice:p%40ss@127.0.0.1:8000/v1");
    expect(split.url).toBe("http://127.0.0.1:8000/v1");
    expect(split.authorization).toBe(`Basic ${Buffer.from("alice:p@ss").toString("base64")}`);
    expect(splitUrlCredentials("http://127.0.0.1:8000/v1")).toEqual({ url: "http://127.0.0.1:8000/v1" });
  });
});
