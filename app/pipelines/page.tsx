import { PipelineList } from "@/components/pipelines/PipelineList";

export default function PipelinesPage() {
  return (
    <>
      <section className="intro">
        <h1>Pipelines</h1>
        <p className="muted">
          Graphs of retrieval, reasoning-template, intervention and scoring nodes. Templates come with the studio; copy one to make your own.
        </p>
      </section>
      <PipelineList />
    </>
  );
}
