/** Errors services throw; the tRPC layer maps them to HTTP-ish codes (server/api/trpc.ts). */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** The request was understood but its content is wrong; the message says what and where. */
export class UserInputError extends Error {
  override name = "UserInputError";
}
