import { Panel } from "@/components/ui/Panel";
import { RunComparison } from "@/components/runs/RunComparison";

export default async function CompareRunsPage({ searchParams }: { searchParams: Promise<{ ids?: string | string[] }> }) {
  const { ids } = await searchParams;
  const runIds = (Array.isArray(ids) ? ids.join(",") : (ids ?? "")).split(",").filter(Boolean);
  return (
    <>
      <section className="intro">
        <h1>Compare runs</h1>
        <p className="muted">Official metrics and failure-mode aggregates side by side.</p>
      </section>
      <Panel name="comparison">
        <RunComparison runIds={runIds} />
      </Panel>
    </>
  );
}
