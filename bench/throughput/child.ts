// A forked TypeScript child (node --import tsx) with a typed message inbox, for the throughput benchmark.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

type Message = { type: string; [k: string]: unknown };

export class Child {
  private readonly inbox: Message[] = [];
  private readonly waiters: { type: string; resolve(m: Message): void; reject(e: Error): void }[] = [];
  private exitError: Error | null = null;
  readonly exited: Promise<number | null>;

  private constructor(
    readonly label: string,
    readonly proc: ChildProcess,
  ) {
    proc.on("message", (raw) => {
      const m = raw as Message;
      if (m.type === "error") {
        this.fail(new Error(`${label}: ${String(m.message)}`));
        return;
      }
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i !== -1) this.waiters.splice(i, 1)[0].resolve(m);
      else this.inbox.push(m);
    });
    this.exited = new Promise((resolve) => {
      proc.on("exit", (code, signal) => {
        this.fail(new Error(`${label} exited (code ${code}, signal ${signal}) before answering`));
        resolve(code);
      });
    });
  }

  private fail(error: Error): void {
    this.exitError ??= error;
    for (const w of this.waiters.splice(0)) w.reject(error);
  }

  /** Forks `file` (relative to the repo root) under tsx; `nodeArgs` go before it (e.g. --cpu-prof). */
  static start(label: string, file: string, nodeArgs: string[] = []): Child {
    const proc = fork(path.join(REPO_ROOT, file), [], {
      cwd: REPO_ROOT,
      execArgv: ["--import", "tsx", "--expose-gc", ...nodeArgs],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Child(label, proc);
  }

  send(message: Message): void {
    this.proc.send(message);
  }

  /** The next message of `type` (already received or to come); rejects if the child fails or exits first. */
  next<T extends Message = Message>(type: string): Promise<T> {
    const i = this.inbox.findIndex((m) => m.type === type);
    if (i !== -1) return Promise.resolve(this.inbox.splice(i, 1)[0] as T);
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise<T>((resolve, reject) => this.waiters.push({ type, resolve: resolve as (m: Message) => void, reject }));
  }

  async request<T extends Message = Message>(message: Message, replyType: string): Promise<T> {
    const reply = this.next<T>(replyType);
    this.send(message);
    return reply;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill("SIGTERM");
    await this.exited;
  }
}
