/**
 * The abort signal of one attempt: fires when the caller aborts, or when the attempt stays silent for
 * timeoutMs. Streams re-arm it on every chunk (an idle timeout: a long reasoning trace that keeps
 * flowing is fine, a stalled one is not) and pause it while the consumer holds a chunk.
 */
export class AttemptTimeout {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fired = false;
  private readonly onParentAbort: () => void;

  constructor(
    private readonly timeoutMs: number,
    private readonly parent?: AbortSignal,
  ) {
    this.onParentAbort = () => this.controller.abort(parent?.reason);
    if (parent?.aborted) this.controller.abort(parent.reason);
    else parent?.addEventListener("abort", this.onParentAbort, { once: true });
    this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True when our timer, not the caller, ended the attempt. */
  get timedOut(): boolean {
    return this.fired;
  }

  arm(): void {
    this.pause();
    if (this.controller.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.fired = true;
      this.controller.abort(new Error(`attempt timed out after ${this.timeoutMs} ms`));
    }, this.timeoutMs);
  }

  pause(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  dispose(): void {
    this.pause();
    this.parent?.removeEventListener("abort", this.onParentAbort);
  }
}
