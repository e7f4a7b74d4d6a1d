import { RunsTable } from "@/components/runs/RunsTable";

export default function RunsPage() {
  return (
    <>
      <section className="intro">
        <h1>Runs</h1>
        <p className="muted">Every run of a pipeline version over a dataset, with its official LaMP metric. Select runs to compare them.</p>
      </section>
      <RunsTable />
    </>
  );
}
