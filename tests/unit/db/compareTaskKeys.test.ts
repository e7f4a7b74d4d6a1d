import { describe, expect, it } from "vitest";
import { compareTaskKeys } from "../../../server/datasets/datasetQueries";

describe("compareTaskKeys", () => {
  it("orders LaMP tasks as the task registry does, the old news LaMP-2N right after LaMP-2", () => {
    const keys = ["LaMP-7", "custom", "LaMP-2N", "LaMP-1", "LaMP-2", "LaMP_3"];
    expect([...keys].sort(compareTaskKeys)).toEqual(["LaMP-1", "LaMP-2", "LaMP-2N", "LaMP_3", "LaMP-7", "custom"]);
  });
});
