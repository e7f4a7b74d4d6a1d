import crypto from "node:crypto";

/**
 * A short reference for an internal error, the same for the log line and the client's message, so a
 * user can quote it and an admin can find the details in the server log.
 */
const references = new WeakMap<object, string>();

export function internalErrorReference(error: object): string {
  let ref = references.get(error);
  if (!ref) {
    ref = crypto.randomBytes(4).toString("hex");
    references.set(error, ref);
  }
  return ref;
}
