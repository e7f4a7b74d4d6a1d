import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import { ROLES, isRole, type Role } from "./roles";

/**
 * The studio's accounts, kept in better-auth's tables (User + a "credential" Account holding the
 * scrypt hash its sign-in verifies). Admins manage them here, from the CLI or the Users section.
 */
export type StudioUser = { id: string; email: string; name: string; role: Role; createdAt: Date };

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MIN_PASSWORD = 10;

function checkEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL.test(normalized) || normalized.length > 254) throw new UserInputError(`'${email}' is not an e-mail address.`);
  return normalized;
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw new UserInputError(`Unknown role '${role}': expected ${ROLES.join(", ")}.`);
  return role;
}

function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD) throw new UserInputError(`The password must have at least ${MIN_PASSWORD} characters.`);
  if (password.length > 256) throw new UserInputError("The password must have at most 256 characters.");
  return password;
}

function toStudioUser(row: { id: string; email: string; name: string; role: string; createdAt: Date }): StudioUser {
  return { id: row.id, email: row.email, name: row.name, role: isRole(row.role) ? row.role : "viewer", createdAt: row.createdAt };
}

export async function addUser(db: Db, input: { email: string; name?: string; role: string; password: string }): Promise<StudioUser> {
  const email = checkEmail(input.email);
  const role = checkRole(input.role);
  const hash = await hashPassword(checkPassword(input.password));
  if (await db.user.findUnique({ where: { email } })) throw new UserInputError(`A user with the e-mail ${email} exists already.`);
  const id = crypto.randomUUID();
  const name = input.name?.trim() || email.split("@")[0];
  const row = await db.user.create({
    data: { id, email, name, role, emailVerified: true, accounts: { create: { id: crypto.randomUUID(), accountId: id, providerId: "credential", password: hash } } },
  });
  return toStudioUser(row);
}

export async function listUsers(db: Db): Promise<StudioUser[]> {
  const rows = await db.user.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(toStudioUser);
}

async function userByEmail(db: Db, email: string) {
  const row = await db.user.findUnique({ where: { email: checkEmail(email) } });
  if (!row) throw new NotFoundError(`No user with the e-mail ${email.trim().toLowerCase()}.`);
  return row;
}

/** The last admin cannot lose the role (nobody could manage endpoints and users any more). */
async function keepAnAdmin(db: Db, userId: string): Promise<void> {
  const admins = await db.user.findMany({ where: { role: "admin" }, select: { id: true } });
  if (admins.length === 1 && admins[0].id === userId) throw new UserInputError("This is the only admin: make another user admin first.");
}

export async function setRole(db: Db, email: string, role: string): Promise<StudioUser> {
  const user = await userByEmail(db, email);
  const next = checkRole(role);
  if (user.role === "admin" && next !== "admin") await keepAnAdmin(db, user.id);
  return toStudioUser(await db.user.update({ where: { id: user.id }, data: { role: next } }));
}

/** A new password signs the user out everywhere. */
export async function setPassword(db: Db, email: string, password: string): Promise<void> {
  const user = await userByEmail(db, email);
  const hash = await hashPassword(checkPassword(password));
  await db.$transaction([
    db.account.updateMany({ where: { userId: user.id, providerId: "credential" }, data: { password: hash } }),
    db.session.deleteMany({ where: { userId: user.id } }),
  ]);
}

export async function removeUser(db: Db, email: string): Promise<void> {
  const user = await userByEmail(db, email);
  if (user.role === "admin") await keepAnAdmin(db, user.id);
  await db.user.delete({ where: { id: user.id } });
}
