"use client";

import { useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import type { RouterOutputs } from "@/components/providers/apiTypes";

type RunEvent = RouterOutputs["runs"]["events"] extends AsyncIterable<infer E> ? E : never;
export type LiveProgress = Extract<RunEvent, { type: "progress" }>["progress"];

/**
 * Follows a run's event stream (SSE) while it executes: live counts for the progress bar, and
 * refreshes of the stored run and items as they finish (throttled: a fast run emits many events).
 */
export function useRunLive(runId: string, enabled: boolean): { progress: LiveProgress | null; connected: boolean } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<LiveProgress | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = (immediate: boolean) => {
    const run = () => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) });
      void queryClient.invalidateQueries({ queryKey: trpc.runs.items.pathKey() });
    };
    if (immediate) {
      if (timer.current) clearTimeout(timer.current);
      run();
    } else if (!timer.current) {
      timer.current = setTimeout(run, 1500);
    }
  };

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const subscription = useSubscription(
    trpc.runs.events.subscriptionOptions(
      { id: runId },
      {
        enabled,
        onData: (event) => {
          if (event.type === "progress") setProgress(event.progress);
          else if (event.type === "item-finished" || event.type === "item-failed") refresh(false);
          else if (event.type === "run-finished" || event.type === "run-started") {
            refresh(true);
            void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
          }
        },
      },
    ),
  );
  return { progress, connected: subscription.status === "pending" };
}
