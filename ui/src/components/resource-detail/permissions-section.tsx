import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import type { AttachedPolicy } from "../../api/types";
import { managedPolicyPathFromArn } from "../../lib/resource-paths";
import { PolicyViewer } from "../policy-viewer/policy-viewer";
import { useRouterFollow } from "../use-router-follow";

/** Inline policies open by default up to this many; more start folded. */
const OPEN_INLINE = 3;

interface PermissionsSectionProps {
  inlinePolicies: Record<string, Record<string, unknown>>;
  managedPolicies: AttachedPolicy[];
  permissionsBoundary: string | null;
}

function PolicyName({ arn, name }: { arn: string; name: string }) {
  const onFollow = useRouterFollow();
  const path = managedPolicyPathFromArn(arn);
  if (path === null) {
    return (
      <SpaceBetween direction="horizontal" size="xs">
        <span>{name}</span>
        <Badge>AWS managed</Badge>
      </SpaceBetween>
    );
  }
  return (
    <Link href={path} onFollow={onFollow}>
      {name}
    </Link>
  );
}

/** A principal's permissions: inline policies (read-only JSON), managed policies, boundary. */
export function PermissionsSection({
  inlinePolicies,
  managedPolicies,
  permissionsBoundary,
}: PermissionsSectionProps) {
  const inline = Object.entries(inlinePolicies).sort(([a], [b]) => a.localeCompare(b));
  return (
    <SpaceBetween size="l">
      <Container
        header={
          <Header
            variant="h2"
            counter={`(${inline.length})`}
            description="Policies embedded in this principal."
          >
            Inline policies
          </Header>
        }
      >
        {inline.length === 0 ? (
          <Box color="text-status-inactive">No inline policies.</Box>
        ) : (
          <SpaceBetween size="m">
            {inline.map(([name, document]) => (
              <ExpandableSection
                key={name}
                headerText={name}
                defaultExpanded={inline.length <= OPEN_INLINE}
                variant="default"
              >
                <PolicyViewer document={document} label={`Inline policy ${name}`} />
              </ExpandableSection>
            ))}
          </SpaceBetween>
        )}
      </Container>
      <Table
        variant="container"
        header={
          <Header variant="h2" counter={`(${managedPolicies.length})`}>
            Attached managed policies
          </Header>
        }
        ariaLabels={{ tableLabel: "Attached managed policies" }}
        items={managedPolicies}
        trackBy="arn"
        columnDefinitions={[
          {
            id: "name",
            header: "Policy",
            cell: (policy) => <PolicyName arn={policy.arn} name={policy.name} />,
            isRowHeader: true,
          },
          { id: "arn", header: "ARN", cell: (policy) => policy.arn },
        ]}
        empty={
          <Box textAlign="center" color="inherit" padding="m">
            No managed policies attached.
          </Box>
        }
      />
      <Container header={<Header variant="h2">Permissions boundary</Header>}>
        {permissionsBoundary ? (
          <PolicyName arn={permissionsBoundary} name={permissionsBoundary} />
        ) : (
          <Box color="text-status-inactive">No permissions boundary is set.</Box>
        )}
      </Container>
    </SpaceBetween>
  );
}
