import { EndpointSettings } from "@/components/settings/EndpointSettings";
import { UserSettings } from "@/components/settings/UserSettings";
import { IfCan } from "@/components/auth/AccessProvider";

export default function SettingsPage() {
  return (
    <>
      <section className="intro">
        <h1>Models</h1>
        <p className="muted">
          The endpoints pipelines call. Environment variables (STUDIO_LLM_*) work too; an endpoint saved here wins over one of the same name.
        </p>
      </section>
      <IfCan role="admin">
        <EndpointSettings />
      </IfCan>
      <UserSettings />
    </>
  );
}
