import { describe, expect, it } from "vitest";
import { PythonRandom } from "../../../server/retrieval/pythonRandom";
import { randomTopK } from "../../../server/retrieval/random";

describe("PythonRandom (CPython's MT19937 random module)", () => {
  it("reproduces the MT19937 reference stream of init_genrand(5489)", () => {
    // The reference generator (and C++ std::mt19937 default-constructed) starts
    // 3499211612, 581869302, 3890346734, and its 10000th output is 4123659995 (required by the C++ standard).
    const rng = new PythonRandom();
    rng.initGenrand(5489);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
    rng.initGenrand(5489);
    let last = 0;
    for (let i = 0; i < 10000; i++) last = rng.nextUint32();
    expect(last).toBe(4123659995);
  });

  it("seeds like random.seed(n) and builds random() from two draws", () => {
    // random.seed(42): init_by_array([42]); first two 32-bit outputs 2746317213 and 478163327.
    // random() = ((2746317213 >> 5) * 2^26 + (478163327 >> 6)) / 2^53
    //          = (85822412 * 67108864 + 7471301) / 9007199254740992 = 0.6394267984578837
    const r42 = new PythonRandom(42);
    expect(r42.nextUint32()).toBe(2746317213);
    expect(r42.nextUint32()).toBe(478163327);
    expect((85822412 * 67108864 + 7471301) / 9007199254740992).toBe(0.6394267984578837);
    expect(new PythonRandom(42).random()).toBe(0.6394267984578837);
    // The two values everybody knows: random.seed(0) / random.seed(42), then random.random().
    expect(new PythonRandom(0).random()).toBe(0.8444218515250481);
  });

  it("uses |seed| and every 32-bit word of a large seed", () => {
    expect(new PythonRandom(-42).random()).toBe(new PythonRandom(42).random());
    // 2^32 + 42 is the key [42, 1], not [42]: a different stream.
    expect(new PythonRandom(2n ** 32n + 42n).random()).not.toBe(new PythonRandom(42).random());
    expect(() => new PythonRandom(1.5)).toThrow(/integer/);
  });

  it("choices(range(n), k) = floor(random() * n) per pick", () => {
    // random.seed(7): random() = 0.32383276483316237, 0.15084917392450192, 0.6509344730398537, 0.07243628666754276
    // times 24: 7.77, 3.62, 15.62, 1.74 -> [7, 3, 15, 1] (= random.choices(range(24), k=4) in CPython)
    const values = [0.32383276483316237, 0.15084917392450192, 0.6509344730398537, 0.07243628666754276];
    const rng = new PythonRandom(7);
    expect(values.map(() => rng.random())).toEqual(values);
    expect(new PythonRandom(7).choicesIndices(24, 4)).toEqual([7, 3, 15, 1]);
  });

  it("sample(range(n), k) with the set path (n > 21)", () => {
    // random.seed(7), randbelow(24) draws getrandbits(5) (24 has 5 bits): 10, 30, 4, 12, 20, ...
    // 30 >= 24 is rejected, so the picks are 10, 4, 12, 20.
    const bits = new PythonRandom(7);
    expect([0, 1, 2, 3, 4].map(() => bits.getrandbits(5))).toEqual([10, 30, 4, 12, 20]);
    expect(new PythonRandom(7).sampleIndices(24, 4)).toEqual([10, 4, 12, 20]);
  });

  it("sample(range(n), k) with the pool path (n <= 21), where picked slots are refilled from the end", () => {
    // random.seed(0), randbelow(6) and randbelow(5) and randbelow(4) draw getrandbits(3): 6, 3, 6, 7, 3, 0, ...
    //   pick 1: 6 rejected, 3 -> pool[3] = 3; pool[3] <- pool[5] = 5
    //   pick 2: 6, 7 rejected, 3 -> pool[3] = 5 (the refilled slot); pool[3] <- pool[4] = 4
    //   pick 3: 0 -> pool[0] = 0; pool[0] <- pool[3] = 4
    //   pick 4: randbelow(3) draws getrandbits(2) = 1 -> pool[1] = 1
    const bits = new PythonRandom(0);
    expect([0, 1, 2, 3, 4, 5].map(() => bits.getrandbits(3))).toEqual([6, 3, 6, 7, 3, 0]);
    expect(bits.getrandbits(2)).toBe(1);
    expect(new PythonRandom(0).sampleIndices(6, 4)).toEqual([3, 5, 0, 1]);
  });
});

describe("randomTopK (official random retrieval)", () => {
  it("picks with replacement by default, like random.choices", () => {
    expect(randomTopK(24, 4, { seed: 7 })).toEqual([7, 3, 15, 1]);
    // With 2 items and 6 picks, repeats are unavoidable.
    const picks = randomTopK(2, 6, { seed: 1 });
    expect(picks).toHaveLength(6);
    expect(new Set(picks).size).toBeLessThanOrEqual(2);
  });

  it("samples without replacement on request, capped at the profile size", () => {
    expect(randomTopK(24, 4, { seed: 7, withReplacement: false })).toEqual([10, 4, 12, 20]);
    const all = randomTopK(5, 9, { seed: 3, withReplacement: false });
    expect([...all].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("draws one stream across calls when given a shared generator", () => {
    const shared = new PythonRandom(7);
    expect([...randomTopK(24, 2, { rng: shared }), ...randomTopK(24, 2, { rng: shared })]).toEqual([7, 3, 15, 1]);
  });

  it("returns nothing for k = 0 or an empty profile", () => {
    expect(randomTopK(0, 3, { seed: 1 })).toEqual([]);
    expect(randomTopK(5, 0, { seed: 1 })).toEqual([]);
  });
});
