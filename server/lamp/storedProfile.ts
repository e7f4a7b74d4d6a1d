import { z } from "zod";
import type { ProfileItem } from "./profileItem";

function isProfileItem(value: unknown): value is ProfileItem {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    "id" in value &&
    (typeof value.id === "string" || typeof value.id === "number")
  );
}

/**
 * A stored profile (Example.profileJson): an array of objects, each with a string or number id; the
 * other fields are free-form JSON that the task helpers check when they read them. Only this one
 * level is checked: a profile is read for every run item and can hold hundreds of items.
 */
export const storedProfileSchema = z.custom<ProfileItem[]>(
  (value) => Array.isArray(value) && value.every(isProfileItem),
  "expected an array of profile items (objects with a string or number id)",
);
