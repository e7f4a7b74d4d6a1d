import crypto from "node:crypto";
import type { Db } from "../db/client";
import { DomainError, NotFoundError, UserInputError } from "../errors";

/**
 * Read-only links to one run, one comparison (2–8 runs) or one experiment. The token is 32 random
 * bytes (base64url), shown once when the link is made; only its SHA-256 is stored, so the database
 * alone opens nothing. A link can expire and can be revoked; either way it stops working at once.
 */
export const SHARE_KINDS = ["run", "comparison", "experiment"] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];

/** What a valid token opens. */
export type ShareScope = { linkId: string; kind: ShareKind; target: string; runIds: string[] };

export type ShareLinkInfo = {
  id: string;
  kind: ShareKind;
  target: string;
  label: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
  state: "active" | "expired" | "revoked";
};

const MAX_DAYS = 365;

export function hashShareToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

function isShareKind(value: string): value is ShareKind {
  return (SHARE_KINDS as readonly string[]).includes(value);
}

/** The comparison's run ids in the order given, at most 8, no repeats. */
function comparisonRunIds(target: string): string[] {
  return target.split(",").filter(Boolean);
}

async function checkTarget(db: Db, kind: ShareKind, target: string): Promise<void> {
  if (kind === "experiment") {
    if (!(await db.experiment.findUnique({ where: { id: target }, select: { id: true } }))) throw new NotFoundError(`Experiment ${target} not found.`);
    return;
  }
  const ids = kind === "run" ? [target] : comparisonRunIds(target);
  if (kind === "comparison" && (ids.length < 2 || ids.length > 8 || new Set(ids).size !== ids.length)) {
    throw new UserInputError("A shared comparison holds 2 to 8 different runs.");
  }
  const found = await db.run.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((r) => r.id === id));
  if (missing.length > 0) throw new NotFoundError(`Run ${missing.join(", ")} not found.`);
}

export async function createShareLink(
  db: Db,
  input: { kind: ShareKind; target: string; label?: string; expiresInDays?: number; createdById?: string | null },
  now = new Date(),
): Promise<{ link: ShareLinkInfo; token: string }> {
  await checkTarget(db, input.kind, input.target);
  if (input.expiresInDays !== undefined && !(input.expiresInDays > 0 && input.expiresInDays <= MAX_DAYS)) {
    throw new UserInputError(`A link expires after 1 to ${MAX_DAYS} days (or never).`);
  }
  const token = crypto.randomBytes(32).toString("base64url");
  const row = await db.shareLink.create({
    data: {
      tokenHash: hashShareToken(token),
      kind: input.kind,
      target: input.target,
      label: input.label?.trim() || null,
      createdById: input.createdById ?? null,
      expiresAt: input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000),
    },
    include: { createdBy: { select: { email: true } } },
  });
  return { link: toInfo(row, now), token };
}

type Row = {
  id: string;
  kind: string;
  target: string;
  label: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdBy?: { email: string } | null;
};

function stateOf(row: Pick<Row, "expiresAt" | "revokedAt">, now: Date): ShareLinkInfo["state"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

function toInfo(row: Row, now: Date): ShareLinkInfo {
  return {
    id: row.id,
    kind: isShareKind(row.kind) ? row.kind : "run",
    target: row.target,
    label: row.label,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    createdBy: row.createdBy?.email ?? null,
    state: stateOf(row, now),
  };
}

/** The links made for one object, newest first (revoked and expired ones too, marked). */
export async function listShareLinks(db: Db, kind: ShareKind, target: string, now = new Date()): Promise<ShareLinkInfo[]> {
  const rows = await db.shareLink.findMany({
    where: { kind, target },
    orderBy: { createdAt: "desc" },
    include: { createdBy: { select: { email: true } } },
  });
  return rows.map((row) => toInfo(row, now));
}

export async function revokeShareLink(db: Db, id: string, now = new Date()): Promise<ShareLinkInfo> {
  const row = await db.shareLink.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`Share link ${id} not found.`);
  const updated = await db.shareLink.update({
    where: { id },
    data: { revokedAt: row.revokedAt ?? now },
    include: { createdBy: { select: { email: true } } },
  });
  return toInfo(updated, now);
}

export class ShareLinkInvalidError extends DomainError {
  readonly code = "NOT_FOUND";
  override name = "ShareLinkInvalidError";
}

/** What a token opens; ShareLinkInvalidError when it is unknown, revoked or expired (one message for all three). */
export async function resolveShareToken(db: Db, token: string, now = new Date()): Promise<ShareScope> {
  const row = token.length >= 20 && token.length <= 100 ? await db.shareLink.findUnique({ where: { tokenHash: hashShareToken(token) } }) : null;
  if (!row || stateOf(row, now) !== "active" || !isShareKind(row.kind)) {
    throw new ShareLinkInvalidError("This share link does not work (it was revoked, it expired, or it is mistyped). Ask for a new one.");
  }
  const runIds =
    row.kind === "experiment"
      ? (await db.run.findMany({ where: { experimentId: row.target }, select: { id: true } })).map((r) => r.id)
      : row.kind === "run"
        ? [row.target]
        : comparisonRunIds(row.target);
  return { linkId: row.id, kind: row.kind, target: row.target, runIds };
}

/** Whether a link's scope covers what a request asks for: its runs, and for an experiment link the experiment. */
export function shareCovers(scope: ShareScope, ask: { runIds?: readonly string[]; experimentId?: string }): boolean {
  if (ask.experimentId !== undefined && !(scope.kind === "experiment" && scope.target === ask.experimentId)) return false;
  return (ask.runIds ?? []).every((id) => scope.runIds.includes(id));
}
