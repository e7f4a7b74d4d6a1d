import { SharedView } from "@/components/sharing/SharedView";

export const metadata = { title: "Shared · ReaPer Studio", referrer: "no-referrer" };

/** A share link: one run, comparison or experiment, read only, for whoever has the link. */
export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <SharedView token={token} />;
}
