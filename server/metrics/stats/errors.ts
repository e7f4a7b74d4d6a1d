/** Input that makes a statistic undefined (no values, no shared examples, duplicate ids). */
export class StatsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StatsInputError";
  }
}
