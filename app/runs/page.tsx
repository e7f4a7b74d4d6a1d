import { Panel } from "@/components/ui/Panel";
import { RunsTable } from "@/components/runs/RunsTable";
import { ImportRunBundle } from "@/components/runs/ImportRunBundle";
import { IfCan } from "@/components/auth/AccessProvider";

export default function RunsPage() {
  return (
    <>
      <section className="intro intro-with-actions">
        <div>
          <h1>Runs</h1>
          <p className="muted">Every run of a pipeline version over a dataset, with its official LaMP metric. Select runs to compare them.</p>
        </div>
        <IfCan role="editor">
          <ImportRunBundle />
        </IfCan>
      </section>
      <Panel name="runs table">
        <RunsTable />
      </Panel>
    </>
  );
}
