// Headless entry point: `npm run cli -- <command> [options]`.
// Each command is one file in cli/commands/ exporting `description` and `run(argv): Promise<number>`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { redactUrlsIn } from "../server/urlCredentials";

type Command = { description: string; run(argv: string[]): Promise<number> };

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "commands");

function listCommands(): string[] {
  return fs
    .readdirSync(commandsDir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<Command> {
  return (await import(pathToFileURL(path.join(commandsDir, `${name}.ts`)).href)) as Command;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const names = listCommands();
  if (!name || name === "help" || name === "--help") {
    console.log("Usage: npm run cli -- <command> [options]\n\nCommands:");
    for (const n of names) console.log(`  ${n.padEnd(10)} ${(await loadCommand(n)).description}`);
    return name ? 0 : 1;
  }
  if (!names.includes(name)) {
    console.error(`Unknown command "${name}". Commands: ${names.join(", ")}`);
    return 2;
  }
  return (await loadCommand(name)).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A command's error may quote a URL (an endpoint, DATABASE_URL): never with its credentials.
    console.error(redactUrlsIn(err instanceof Error ? err.message : String(err)));
    process.exit(1);
  },
);
