import { UserInputError } from "../errors";

/**
 * A LaMP file or example that does not have the shape the benchmark defines. The message says
 * where (file, record index, id, field) and what was expected, so a user can fix the file.
 */
export class LampFormatError extends UserInputError {
  override name = "LampFormatError";
}
