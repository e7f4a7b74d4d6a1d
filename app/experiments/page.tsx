import { Panel } from "@/components/ui/Panel";
import { ExperimentList } from "@/components/experiments/ExperimentList";
import { NewStudyForm } from "@/components/experiments/NewStudyForm";
import { IfCan } from "@/components/auth/AccessProvider";

export default async function ExperimentsPage({ searchParams }: { searchParams: Promise<{ dataset?: string }> }) {
  const { dataset } = await searchParams;
  return (
    <>
      <section className="intro">
        <h1>Experiments</h1>
        <p className="muted">
          A study is a grid of runs in which only the studied factor varies (the model, k, a part of ReaPer, the retriever, whose profile): every cell
          is an ordinary run that keeps its own model, and the cells share the response cache.
        </p>
      </section>
      <IfCan role="editor">
        <NewStudyForm initialDatasetId={dataset} />
      </IfCan>
      <Panel name="experiments list">
        <ExperimentList />
      </Panel>
    </>
  );
}
