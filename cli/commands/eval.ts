// `npm run cli -- eval --golds FILE --preds FILE --task LaMP_k [--output FILE] [--labels movie|news]`
// The studio's eval_task.py: same checks (task names, id sets), same metrics, same result keys, and the
// results written the way Python's json.dump writes them.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { evaluateOfficial, resolveTask, type IdOutput, type OfficialTask } from "../../server/metrics/lamp/officialEvaluation";
import { pythonJsonDumpsFloats } from "../../server/metrics/lamp/pythonJson";

export const description = "Score a LaMP predictions file against golds, like the official eval_task.py";

const USAGE = `Usage: npm run cli -- eval --golds FILE --preds FILE --task LaMP_k [--output FILE] [--labels movie|news] [--non-finite error|worst-case]

  --golds FILE     official outputs file: {"task": "LaMP_k", "golds": [{"id": ..., "output": ...}, ...]}
  --preds FILE     predictions in the same format
  --task NAME      LaMP_1 .. LaMP_7 (LaMP-k, LaMP-2N and LaMP-2M are accepted too)
  --output FILE    also write the results JSON there
  --labels SET     LaMP_2 label list: movie (official, default) or news (LaMP-2 old / LaMP-2N)
  --non-finite P   LaMP_3 predictions like "nan" or "inf": error (as the official script) or worst-case
The official script's option names (--golds_json, --preds_json, --task_name, --output_file) work as well.`;

class UsageError extends Error {}

type TaskFile = { task: string; golds: IdOutput[] };

function readTaskFile(file: string, role: "golds" | "preds", task: OfficialTask): TaskFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`Cannot read the ${role} file ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`The ${role} file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new Error(`The ${role} file ${file} must hold an object {"task": ..., "golds": [...]}, found ${Array.isArray(data) ? "an array" : typeof data}`);
  }
  const obj = data as Record<string, unknown>;
  if (typeof obj.task !== "string") throw new Error(`The ${role} file ${file} has no "task" string (expected e.g. "LaMP_1")`);
  if (!Array.isArray(obj.golds)) throw new Error(`The ${role} file ${file} has no "golds" array (predictions use the key "golds" too)`);
  // Python's str() and float() accept numbers for the classification and rating tasks; generation
  // tasks call .strip() on the output, which only strings have.
  const numbersAllowed = task === "LaMP_1" || task === "LaMP_2" || task === "LaMP_3";
  const entries = obj.golds.map((entry: unknown, i: number): IdOutput => {
    const where = `${file}: golds[${i}]`;
    if (typeof entry !== "object" || entry === null) throw new Error(`${where} must be an object {"id": ..., "output": ...}`);
    const { id, output } = entry as Record<string, unknown>;
    if (typeof id !== "string" && typeof id !== "number") throw new Error(`${where}.id must be a string, got ${JSON.stringify(id) ?? "nothing"}`);
    if (typeof output === "string") return { id: String(id), output };
    if (typeof output === "number" && numbersAllowed) return { id: String(id), output: String(output) };
    throw new Error(`${where}.output must be a string, got ${JSON.stringify(output) ?? "nothing"}`);
  });
  return { task: obj.task, golds: entries };
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      golds: { type: "string" },
      preds: { type: "string" },
      task: { type: "string" },
      output: { type: "string" },
      labels: { type: "string" },
      "non-finite": { type: "string" },
      golds_json: { type: "string" },
      preds_json: { type: "string" },
      task_name: { type: "string" },
      output_file: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return null;
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
  const golds = values.golds ?? values.golds_json;
  const preds = values.preds ?? values.preds_json;
  const task = values.task ?? values.task_name;
  const output = values.output ?? values.output_file;
  if (!golds) throw new UsageError("Missing --golds FILE");
  if (!preds) throw new UsageError("Missing --preds FILE");
  if (!task) throw new UsageError("Missing --task LaMP_k");
  const labels = values.labels;
  if (labels !== undefined && labels !== "movie" && labels !== "news") throw new UsageError(`--labels must be movie or news, got "${labels}"`);
  const nonFinite = values["non-finite"];
  if (nonFinite !== undefined && nonFinite !== "error" && nonFinite !== "worst-case") {
    throw new UsageError(`--non-finite must be error or worst-case, got "${nonFinite}"`);
  }
  return { golds, preds, task, output, labels, nonFinite } as {
    golds: string;
    preds: string;
    task: string;
    output?: string;
    labels?: "movie" | "news";
    nonFinite?: "error" | "worst-case";
  };
}

export async function run(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args === null) {
    console.log(USAGE);
    return 0;
  }
  try {
    const resolved = resolveTask(args.task);
    const golds = readTaskFile(args.golds, "golds", resolved.task);
    const preds = readTaskFile(args.preds, "preds", resolved.task);
    // The official evaluate_task asserts both of these before scoring.
    if (preds.task !== resolved.task) {
      throw new Error(`The provided task_name and the results do not match: --task ${args.task} but ${args.preds} says "${preds.task}"`);
    }
    if (golds.task !== resolved.task) {
      throw new Error(`The provided golds cannot be used to evaluate this task: --task ${args.task} but ${args.golds} says "${golds.task}"`);
    }
    const result = evaluateOfficial(resolved.task, golds.golds, preds.golds, {
      lamp2Labels: args.labels ?? resolved.lamp2Labels,
      nonFinitePredictions: args.nonFinite,
    });
    const json = pythonJsonDumpsFloats(result as Record<string, number>);
    if (args.output) fs.writeFileSync(args.output, json);
    console.log(json);
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
