import { DomainError } from "../../errors";
/** Input that makes a statistic undefined (no values, no shared examples, duplicate ids). */
export class StatsInputError extends DomainError {
  readonly code = "BAD_REQUEST";
  constructor(message: string) {
    super(message);
    this.name = "StatsInputError";
  }
}
