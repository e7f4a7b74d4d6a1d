import { runEvents, type RunEvent } from "../runs/runEvents";
import { RunProgressClock } from "../runs/runProgress";
import { tryParseJsonAs } from "../safeJson";
import { openRedis, runQueueMessageSchema, runQueueNames, type RunQueueLocation, type RunQueueMessage } from "./redisRunQueueKeys";

export type RunEventRelay = {
  /** Resolves once subscribed: events published from then on are relayed. */
  ready: Promise<void>;
  close(): Promise<void>;
};

/**
 * Forwards the item events that workers publish on Redis to this process's runEvents bus, so the
 * run page's live view (and `cli run --queue`'s progress bar) work for distributed runs as for
 * local ones. Progress events are rebuilt here from the counters each item event carries.
 */
export function relayRunEvents(location: RunQueueLocation, bus: Pick<typeof runEvents, "publish"> = runEvents): RunEventRelay {
  const names = runQueueNames(location);
  const subscriber = openRedis(location.redisUrl);
  subscriber.on("error", (err: Error) => console.error(`run event relay: redis: ${err.message}`));
  const runs = new Map<string, RunProgressClock>();
  const track = (runId: string): RunProgressClock => {
    let clock = runs.get(runId);
    if (!clock) runs.set(runId, (clock = new RunProgressClock(runId)));
    return clock;
  };

  const relay = (message: RunQueueMessage) => {
    const { runId } = message;
    switch (message.type) {
      case "run-started": {
        runs.set(runId, new RunProgressClock(runId));
        bus.publish(message);
        return;
      }
      case "item-started": {
        track(runId).itemStarted(message.exampleId);
        bus.publish({ type: "item-started", runId, exampleId: message.exampleId });
        return;
      }
      case "item-released": {
        track(runId).itemReleased(message.exampleId);
        return;
      }
      case "item-finished":
      case "item-failed": {
        const clock = track(runId);
        clock.itemFinished(message.exampleId);
        const { counts, ...rest } = message;
        bus.publish(rest as RunEvent);
        bus.publish({ type: "progress", progress: clock.progress(counts) });
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
    const message = tryParseJsonAs(raw, runQueueMessageSchema, `run event on ${names.eventsChannel}`);
    if (message.ok) relay(message.value);
    else console.error(`run event relay: dropped ${message.error.message}`);
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
