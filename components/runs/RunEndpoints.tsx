import type { RunDetail } from "@/components/providers/apiTypes";
import { absoluteTime } from "@/components/ui/time";

type Config = RunDetail["config"];
type PinnedModel = NonNullable<Config["endpoints"]>["models"][string];
type PinnedEmbeddings = NonNullable<Config["endpoints"]>["embeddings"][string];

function ModelEndpoint({ pinned }: { pinned: PinnedModel }) {
  return (
    <>
      <strong>{pinned.name}</strong>: <code>{pinned.model}</code>
      <span className="muted">
        {" "}
        · {pinned.provider === "local-gguf" ? `local file ${pinned.modelPath ?? ""}` : (pinned.baseUrl ?? "")} · continuation {pinned.continuation} ·{" "}
        {pinned.hasApiKey ? "API key set (never shown)" : "no API key"}
      </span>
    </>
  );
}

function EmbeddingsEndpoint({ pinned }: { pinned: PinnedEmbeddings }) {
  return (
    <>
      <strong>{pinned.name}</strong> (embeddings): <code>{pinned.model}</code>
      <span className="muted"> · {pinned.baseUrl}</span>
    </>
  );
}

/** The endpoint every model-calling node of the run used, as pinned when the run was created. */
export function RunEndpoints({ config }: { config: Config }) {
  const pins = config.endpoints;
  if (!pins) {
    // Runs from before pinning recorded only the default endpoint.
    const legacy = config.endpoint;
    return legacy ? (
      <span>
        <code>{legacy.model}</code> via {legacy.provider}
        {legacy.baseUrl ? <span className="muted"> · {legacy.baseUrl}</span> : null}
      </span>
    ) : (
      <span className="muted">none recorded</span>
    );
  }
  const nodes = Object.entries(pins.nodes);
  if (nodes.length === 0) return <span className="muted">none: this pipeline calls no model</span>;
  return (
    <ul className="plain-list">
      {nodes.map(([nodeId, use]) => {
        const model = use.role === "model" ? pins.models[use.endpoint] : undefined;
        const embeddings = use.role === "embeddings" ? pins.embeddings[use.endpoint] : undefined;
        return (
          <li key={nodeId} data-testid={`run-endpoint-${nodeId}`}>
            <span className="muted">node </span>
            <code>{nodeId}</code> → {model ? <ModelEndpoint pinned={model} /> : embeddings ? <EmbeddingsEndpoint pinned={embeddings} /> : use.endpoint}
          </li>
        );
      })}
      {config.repins.map((repin) => (
        <li key={repin.at} className="muted small">
          Re-pinned {absoluteTime(repin.at)}: {repin.changes.map((c) => `${c.name} ${c.field} ${c.pinned} → ${c.now}`).join("; ")}
        </li>
      ))}
    </ul>
  );
}
