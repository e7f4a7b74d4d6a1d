import { Panel } from "@/components/ui/Panel";
import { DatasetList } from "@/components/datasets/DatasetList";
import { ImportDatasetDialog } from "@/components/datasets/ImportDatasetDialog";
import { IfCan } from "@/components/auth/AccessProvider";

export default function HomePage() {
  return (
    <>
      <section className="intro intro-with-actions">
        <div>
          <h1>Datasets</h1>
          <p className="muted">LaMP personalization datasets in this studio: built-in samples for every public task and the files you import.</p>
        </div>
        <IfCan role="editor">
          <ImportDatasetDialog />
        </IfCan>
      </section>
      <Panel name="datasets list">
        <DatasetList />
      </Panel>
    </>
  );
}
