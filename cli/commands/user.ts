// `npm run cli -- user add|list|role|password|remove ...`: the studio's accounts, for when it asks
// for sign-in (see the README, section Network). Talks to the database directly, like every command.
import crypto from "node:crypto";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { openDatabase } from "../../server/db/client";
import { UserInputError, NotFoundError } from "../../server/errors";
import { ROLES } from "../../server/auth/roles";
import { addUser, listUsers, removeUser, setPassword, setRole } from "../../server/auth/users";

export const description = "Manage sign-in accounts: add, list, role, password, remove";

const USAGE = `Usage:
  npm run cli -- user add EMAIL --role ${ROLES.join("|")} [--name NAME] [--password-stdin | --generate-password]
  npm run cli -- user list
  npm run cli -- user role EMAIL ${ROLES.join("|")}
  npm run cli -- user password EMAIL [--password-stdin | --generate-password]
  npm run cli -- user remove EMAIL

Without --password-stdin or --generate-password the password is asked for (not echoed).
--generate-password prints a new random password once.`;

async function readStdinLine(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

/** Asks on the terminal without echoing what is typed. */
async function askHidden(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write(question);
  output._writeToOutput = () => {};
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stdout.write("\n");
  return answer;
}

async function passwordFrom(flags: { "password-stdin"?: boolean; "generate-password"?: boolean }): Promise<{ password: string; generated: boolean }> {
  if (flags["generate-password"]) return { password: crypto.randomBytes(15).toString("base64url"), generated: true };
  if (flags["password-stdin"]) return { password: (await readStdinLine()).replace(/\r$/, ""), generated: false };
  if (!process.stdin.isTTY) throw new UserInputError("No terminal to ask for the password: use --password-stdin or --generate-password.");
  const first = await askHidden("Password (10+ characters): ");
  if ((await askHidden("Again: ")) !== first) throw new UserInputError("The two passwords differ.");
  return { password: first, generated: false };
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: "string" },
      name: { type: "string" },
      "password-stdin": { type: "boolean" },
      "generate-password": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [action, email, roleArg] = positionals;
  if (values.help || !action) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const db = openDatabase();
  try {
    if (action === "list") {
      const users = await listUsers(db);
      if (users.length === 0) console.log("No users yet. Add the first admin with: npm run cli -- user add EMAIL --role admin");
      for (const u of users) console.log(`${u.email.padEnd(32)} ${u.role.padEnd(7)} ${u.name}`);
      return 0;
    }
    if (!email) {
      console.error(`user ${action}: which user (EMAIL)?\n\n${USAGE}`);
      return 2;
    }
    if (action === "add") {
      if (!values.role) throw new UserInputError(`user add: --role is required (${ROLES.join(", ")}).`);
      const { password, generated } = await passwordFrom(values);
      const user = await addUser(db, { email, name: values.name, role: values.role, password });
      console.log(`Added ${user.email} (${user.role}).${generated ? ` Password: ${password}` : ""}`);
    } else if (action === "role") {
      const user = await setRole(db, email, roleArg ?? values.role ?? "");
      console.log(`${user.email} is now ${user.role}.`);
    } else if (action === "password") {
      const { password, generated } = await passwordFrom(values);
      await setPassword(db, email, password);
      console.log(`New password set for ${email}; its sessions are signed out.${generated ? ` Password: ${password}` : ""}`);
    } else if (action === "remove") {
      await removeUser(db, email);
      console.log(`Removed ${email}.`);
    } else {
      console.error(`Unknown action "${action}".\n\n${USAGE}`);
      return 2;
    }
    return 0;
  } catch (err) {
    if (err instanceof UserInputError || err instanceof NotFoundError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await db.$disconnect();
  }
}
