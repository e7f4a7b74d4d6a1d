"use client";

import type { ItemTraceInfo } from "@/components/providers/apiTypes";
import { formatCount } from "@/components/charts/formatValue";

type Thread = ItemTraceInfo["threads"][number];
type Span = Thread["spans"][number];

const RULE_LABELS: Record<string, string> = {
  hesitation: "RPI · hesitation",
  stage: "RPI · stage",
  budget: "RPI · budget",
  template: "template opening",
};

const HIGHLIGHT_TITLES: Record<string, string> = {
  stage: "Stage header written by the model",
  hesitation: "Hesitation marker",
  candidate: "Candidate answer named (a label or rating)",
};

/** A model-written span with its stage headers, hesitation markers and candidate mentions marked. */
function ModelText({ span }: { span: Span }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  span.highlights.forEach((h, i) => {
    if (h.start > at) parts.push(span.text.slice(at, h.start));
    parts.push(
      <mark key={i} className={`hl hl-${h.kind}`} title={HIGHLIGHT_TITLES[h.kind]}>
        {span.text.slice(h.start, h.end)}
      </mark>,
    );
    at = h.end;
  });
  if (at < span.text.length) parts.push(span.text.slice(at));
  return <span className="span-model">{parts}</span>;
}

/** Text the pipeline injected, boxed with the rule that fired (the line breaks around it stay outside the box). */
function InjectedText({ span }: { span: Extract<Span, { source: "injected" }> }) {
  const lead = span.text.length - span.text.trimStart().length;
  const trail = span.text.length - span.text.trimEnd().length;
  return (
    <>
      {span.text.slice(0, lead)}
      <span className={`span-injected rule-${span.rule}`} data-testid="injected-span" title={`Injected by the pipeline at token ${span.atToken}; not counted by any reasoning signal`}>
        <span className="rule-badge">{RULE_LABELS[span.rule] ?? span.rule}</span>
        {span.text.trim()}
      </span>
      {trail > 0 ? span.text.slice(span.text.length - trail) : null}
    </>
  );
}

function ThreadText({ thread }: { thread: Thread }) {
  if (thread.spans.length === 0) return <p className="muted small">No reasoning text.</p>;
  return (
    <pre className="reasoning trace-text" data-testid="trace-thread-text">
      {thread.spans.map((span, i) =>
        span.source === "model" ? (
          <ModelText key={i} span={span} />
        ) : (
          <InjectedText key={i} span={span} />
        ),
      )}
    </pre>
  );
}

function threadTitle(thread: Thread): string {
  if (thread.role === "candidate") return `Candidate ${thread.index + 1}`;
  if (thread.role === "synthesis") return "Synthesis";
  return "Reasoning";
}

function callsLine(thread: Thread): string {
  const calls = thread.calls.map((c) => `${formatCount(c.reasoningTokens)}${c.tokenSource === "provider" ? "" : "*"}`);
  return `${formatCount(thread.reasoningTokens)} reasoning tokens${thread.calls.length > 1 ? ` over ${thread.calls.length} calls (${calls.join(" + ")})` : ""}`;
}

/**
 * The reasoning of one item as the model wrote it and as the pipeline steered it: injected spans
 * stand apart with the rule that fired; SRM candidates side by side with their answers and
 * whether they agree with the final answer, then the synthesis.
 */
export function ReasoningTrace({ trace, finalAnswer }: { trace: ItemTraceInfo; finalAnswer: string | null }) {
  const candidates = trace.threads.filter((t) => t.role === "candidate");
  const others = trace.threads.filter((t) => t.role !== "candidate");
  const legend = (
    <p className="muted small trace-legend">
      <mark className="hl hl-stage">stage header</mark> <mark className="hl hl-hesitation">hesitation</mark> <mark className="hl hl-candidate">label / rating</mark>{" "}
      <span className="span-injected">
        <span className="rule-badge">injected</span>
      </span>{" "}
      · * counted by the tokenizer (the provider reported none)
      {trace.fromLegacy ? " · stored before traces: the whole reasoning reads as model-written" : ""}
    </p>
  );
  return (
    <div data-testid="reasoning-trace">
      {legend}
      {candidates.length > 0 ? (
        <div className="candidate-grid" data-testid="srm-candidates">
          {candidates.map((thread) => {
            const agrees = finalAnswer !== null && thread.answer.trim() === finalAnswer.trim();
            return (
              <div key={thread.index} className={`candidate card-inner${trace.chosenCandidate === thread.index ? " chosen" : ""}`} data-testid="srm-candidate">
                <div className="candidate-head">
                  <strong>{threadTitle(thread)}</strong>
                  <span className={agrees ? "tag tag-ok" : "tag tag-warn"}>{agrees ? "agrees" : "differs"}</span>
                </div>
                <div className="small muted">{callsLine(thread)}</div>
                <div className="small">
                  answer <strong>{thread.answer || "–"}</strong>
                </div>
                <ThreadText thread={thread} />
              </div>
            );
          })}
        </div>
      ) : null}
      {others.map((thread) => (
        <div key={`${thread.role}-${thread.index}`} className="thread" data-testid={`thread-${thread.role}`}>
          <div className="candidate-head">
            <strong>{threadTitle(thread)}</strong>
            <span className="small muted">{callsLine(thread)}</span>
          </div>
          <ThreadText thread={thread} />
        </div>
      ))}
    </div>
  );
}
