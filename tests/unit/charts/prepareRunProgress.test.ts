import { describe, expect, it } from "vitest";
import { prepareRunProgress } from "@/components/charts/prepareRunProgress";

describe("prepareRunProgress", () => {
  it("uses the stored counts without live events", () => {
    expect(prepareRunProgress({ totalItems: 10, doneItems: 3, failedItems: 1 })).toEqual({
      total: 10,
      done: 3,
      failed: 1,
      finished: 4,
      fraction: 0.4,
      label: "4 / 10 (1 failed)",
      etaMs: null,
      inFlight: 0,
    });
  });

  it("prefers live counts when they are at least as far along, with their ETA", () => {
    const view = prepareRunProgress({ totalItems: 10, doneItems: 3, failedItems: 0 }, { total: 10, done: 6, failed: 0, etaMs: 4000, inFlight: 2 });
    expect(view).toMatchObject({ done: 6, fraction: 0.6, label: "6 / 10", etaMs: 4000, inFlight: 2 });
  });

  it("ignores stale live counts (from before a refetch) and handles empty runs", () => {
    expect(prepareRunProgress({ totalItems: 10, doneItems: 8, failedItems: 0 }, { total: 10, done: 5, failed: 0, etaMs: 1, inFlight: 1 }).done).toBe(8);
    expect(prepareRunProgress({ totalItems: 0, doneItems: 0, failedItems: 0 }).fraction).toBe(0);
  });
});
