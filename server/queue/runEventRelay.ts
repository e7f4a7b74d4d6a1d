import { runEvents, type RunEvent, type RunProgress } from "../runs/runEvents";
import { openRedis, runQueueNames, type RunCounts, type RunQueueLocation, type RunQueueMessage } from "./redisRunQueueKeys";

export type RunEventRelay = {
  /** Resolves once subscribed: events published from then on are relayed. */
  ready: Promise<void>;
  close(): Promise<void>;
};

/** What the relay knows of a run between events: its session start, items in flight, items finished. */
type Tracked = { since: number; inFlight: Set<string>; finishedThisSession: number };

/**
 * Forwards the item events that workers publish on Redis to this process's runEvents bus, so the
 * run page's live view (and `cli run --queue`'s progress bar) work for distributed runs as for
 * local ones. Progress events are rebuilt here from the counters each item event carries.
 */
export function relayRunEvents(location: RunQueueLocation, bus: Pick<typeof runEvents, "publish"> = runEvents): RunEventRelay {
  const names = runQueueNames(location);
  const subscriber = openRedis(location.redisUrl);
  subscriber.on("error", (err: Error) => console.error(`run event relay: redis: ${err.message}`));
  const runs = new Map<string, Tracked>();
  const track = (runId: string): Tracked => {
    let t = runs.get(runId);
    if (!t) runs.set(runId, (t = { since: performance.now(), inFlight: new Set(), finishedThisSession: 0 }));
    return t;
  };

  const progress = (runId: string, t: Tracked, counts: RunCounts): RunProgress => {
    const elapsedMs = Math.round(performance.now() - t.since);
    const left = counts.total - counts.done - counts.failed;
    return {
      runId,
      ...counts,
      inFlight: t.inFlight.size,
      elapsedMs,
      etaMs: t.finishedThisSession > 0 ? Math.round((elapsedMs / t.finishedThisSession) * left) : null,
    };
  };

  const relay = (message: RunQueueMessage) => {
    const { runId } = message;
    switch (message.type) {
      case "run-started": {
        runs.set(runId, { since: performance.now(), inFlight: new Set(), finishedThisSession: 0 });
        bus.publish(message);
        return;
      }
      case "item-started": {
        track(runId).inFlight.add(message.exampleId);
        bus.publish({ type: "item-started", runId, exampleId: message.exampleId });
        return;
      }
      case "item-released": {
        track(runId).inFlight.delete(message.exampleId);
        return;
      }
      case "item-finished":
      case "item-failed": {
        const t = track(runId);
        t.inFlight.delete(message.exampleId);
        t.finishedThisSession++;
        const { counts, ...rest } = message;
        bus.publish(rest as RunEvent);
        bus.publish({ type: "progress", progress: progress(runId, t, counts) });
        return;
      }
      case "run-finished": {
        runs.delete(runId);
        bus.publish(message);
        return;
      }
    }
  };

  subscriber.on("message", (_channel: string, raw: string) => {
    let message: RunQueueMessage;
    try {
      message = JSON.parse(raw) as RunQueueMessage;
    } catch {
      return;
    }
    relay(message);
  });
  const ready = subscriber.subscribe(names.eventsChannel).then(() => undefined);
  return {
    ready,
    async close() {
      await ready.catch(() => {});
      await subscriber.quit().catch(() => {});
    },
  };
}
