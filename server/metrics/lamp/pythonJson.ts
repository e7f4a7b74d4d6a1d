// eval_task.py writes its results with Python's json.dump, so floats appear the way Python's repr
// prints them: 1.0 (not 1), 1e-05 (not 0.00001), 1e+16, NaN. Writing results the same way keeps our
// files byte-identical to the official ones for the same numbers.

/** Python repr() of a float. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() without an argument gives the shortest digits that round-trip, as repr does.
  const [mantissa, expText] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  const sign = x < 0 ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const fracPart = digits.slice(exp + 1);
  return `${sign}${intPart}.${fracPart === "" ? "0" : fracPart}`;
}

/** json.dumps of a flat {name: float} object, default separators. */
export function pythonJsonDumpsFloats(result: Readonly<Record<string, number>>): string {
  const parts = Object.entries(result).map(([k, v]) => `${JSON.stringify(k)}: ${pythonFloatRepr(v)}`);
  return `{${parts.join(", ")}}`;
}
