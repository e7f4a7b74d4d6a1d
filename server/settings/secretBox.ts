import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Encrypts API keys at rest (AES-256-GCM). The 32-byte master key comes from STUDIO_SECRET_KEY
 * (any string; hashed to 32 bytes) or, when unset, from data/secret.key, created on first use with
 * owner-only permissions. The database alone therefore never reveals a key; losing the master key
 * only means re-entering the endpoint keys.
 */
export const DEFAULT_SECRET_FILE = path.join("data", "secret.key");

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("The secret box needs a 32-byte key.");
  }

  seal(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
  }

  open(sealed: string): string {
    const raw = Buffer.from(sealed, "base64");
    if (raw.length < 28) throw new Error("A stored key is damaged (too short); enter it again.");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      throw new Error("A stored key cannot be decrypted with this studio's secret key (was STUDIO_SECRET_KEY or data/secret.key changed?); enter it again.");
    }
  }

  /** A 32-byte secret for one other purpose (e.g. signing session cookies), derived with HKDF; base64. */
  derive(purpose: string): string {
    return Buffer.from(crypto.hkdfSync("sha256", this.key, Buffer.alloc(0), `reaper-studio:${purpose}`, 32)).toString("base64");
  }
}

export function secretBoxFromEnvironment(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): SecretBox {
  const configured = env.STUDIO_SECRET_KEY?.trim();
  if (configured) return new SecretBox(crypto.createHash("sha256").update(configured).digest());
  const file = path.resolve(cwd, DEFAULT_SECRET_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key.`);
  return new SecretBox(key);
}
