import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import { PolicyViewer } from "../policy-viewer/policy-viewer";

interface ResourcePolicyProps {
  policy: Record<string, unknown> | null;
  /** e.g. "bucket policy", "access policy". */
  what: string;
}

/** A resource's own policy (S3 bucket policy, SQS or SNS access policy), read-only. */
export function ResourcePolicy({ policy, what }: ResourcePolicyProps) {
  const title = what.charAt(0).toUpperCase() + what.slice(1);
  return (
    <Container
      header={
        <Header variant="h2" description="Who else may use this resource, and how.">
          {title}
        </Header>
      }
    >
      {policy ? (
        <PolicyViewer document={policy} label={title} />
      ) : (
        <Box color="text-status-inactive">No {what} is set.</Box>
      )}
    </Container>
  );
}
