import { describe, expect, it } from "vitest";
import { recencyTopK } from "../../../server/retrieval/recency";

describe("recencyTopK (official recency: stable sort by date parts, last k, newest first)", () => {
  const items = [
    { id: "a", date: "2019-03-05" },
    { id: "b", date: "2020-1-2" },
    { id: "c", date: "2019-3-5" }, // same date as "a" once parsed to integers
    { id: "d", date: "2018-12-31" },
    { id: "e", date: "2019-10-01" },
  ];

  it("compares dates as integer tuples, not strings", () => {
    // Keys: a (2019,3,5), b (2020,1,2), c (2019,3,5), d (2018,12,31), e (2019,10,1).
    // Stable ascending: d, a, c, e, b.  Last 3 = c, e, b; reversed = b, e, c.
    // As strings "2019-10-01" < "2019-3-5" would have put e before a and c.
    expect(recencyTopK(items, 3)).toEqual([1, 4, 2]);
  });

  it("puts the LATER profile position first among equal dates (stable sort, then reversed)", () => {
    // a and c share a date; ascending order keeps a before c, the reversal makes c come first.
    expect(recencyTopK(items, 5)).toEqual([1, 4, 2, 0, 3]);
  });

  it("handles k = 0 and k larger than the profile", () => {
    expect(recencyTopK(items, 0)).toEqual([]);
    expect(recencyTopK(items.slice(0, 2), 10)).toEqual([1, 0]);
  });

  it("sorts a shorter tuple first when it is a prefix (Python tuple order)", () => {
    expect(recencyTopK([{ id: "x", date: "2019-03" }, { id: "y", date: "2019" }], 2)).toEqual([0, 1]);
  });

  it("names the item that has no date or an unreadable one", () => {
    expect(() => recencyTopK([{ id: "p1", date: "2019-01-01" }, { id: "p2" }], 1)).toThrow(/item "p2" \(position 1\) has none/);
    expect(() => recencyTopK([{ id: "p9", date: "March 3" }], 1)).toThrow(/"March 3" of profile item "p9"/);
  });
});
