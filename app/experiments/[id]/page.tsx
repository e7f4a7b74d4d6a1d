import { ExperimentView } from "@/components/experiments/ExperimentView";

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ExperimentView experimentId={id} />;
}
