/**
 * Who may do what. viewer: read everything; editor: also datasets, pipelines, runs and experiments;
 * admin: also model endpoints and users. Pure and dependency-free (the UI reads it to hide actions
 * the server would refuse anyway).
 */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether `have` includes everything `need` may do. */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}
