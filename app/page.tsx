import { DatasetList } from "@/components/datasets/DatasetList";

export default function HomePage() {
  return (
    <>
      <section className="intro">
        <h1>Datasets</h1>
        <p className="muted">
          LaMP personalization datasets in this studio: built-in samples for every public task and the files you import.
        </p>
      </section>
      <DatasetList />
    </>
  );
}
