import { PipelineEditor } from "@/components/flow/PipelineEditor";

export default async function PipelineEditorPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ version?: string | string[] }>;
}) {
  const { id } = await params;
  const { version } = await searchParams;
  return <PipelineEditor pipelineId={id} initialVersionId={typeof version === "string" ? version : undefined} />;
}
