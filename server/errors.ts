/**
 * Errors services throw on purpose. Each carries the code the API answers with; the tRPC layer maps
 * them in one place (server/api/trpc.ts), and their messages are written for the user (located, no
 * internals). Any other error is an internal one: the client sees only a reference to the server log.
 */
export type DomainErrorCode = "NOT_FOUND" | "BAD_REQUEST" | "CONFLICT" | "UNPROCESSABLE_CONTENT";

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

/** What was asked for does not exist (a run, a dataset, an item...). */
export class NotFoundError extends DomainError {
  override name = "NotFoundError";
  readonly code = "NOT_FOUND";
}

/** The request was understood but its content is wrong; the message says what and where. */
export class UserInputError extends DomainError {
  override name = "UserInputError";
  readonly code: DomainErrorCode = "BAD_REQUEST";
}

/** The request is valid but the studio's state refuses it (e.g. deleting a dataset runs still use). */
export class ConflictError extends DomainError {
  override name = "ConflictError";
  readonly code = "CONFLICT";
}
