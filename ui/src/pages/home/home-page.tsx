import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import { useSession } from "../../app/session";
import { SessionDetails } from "./session-details";

export default function HomePage() {
  const profile = useSession();
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={`You are signed in to ${profile.site.name || "ConsoleMe"}.`}
        >
          Welcome, {profile.user}
        </Header>
      }
    >
      <SessionDetails profile={profile} />
    </ContentLayout>
  );
}
