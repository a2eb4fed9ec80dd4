import Alert from "@cloudscape-design/components/alert";
import Badge from "@cloudscape-design/components/badge";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useParams } from "react-router";
import type { AppliedScp, ServiceControlPolicies } from "../../api/types";
import { useInventoryAccounts, useServiceControlPolicies } from "../../api/use-inventory-accounts";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { PageSpinner } from "../../components/page-spinner";
import { PolicyViewer } from "../../components/policy-viewer/policy-viewer";
import { useRouterFollow } from "../../components/use-router-follow";

function viaText(applied: AppliedScp): string {
  if (applied.via_kind === "root") return "Via the organization root";
  if (applied.via_kind === "ou") return `Via OU ${applied.via_name}`;
  return "Attached to this account";
}

function AppliedPolicy({ applied }: { applied: AppliedScp }) {
  const { policy } = applied;
  return (
    <ExpandableSection
      variant="container"
      defaultExpanded
      headerText={policy.name}
      headerDescription={policy.description || undefined}
      headerInfo={
        <SpaceBetween direction="horizontal" size="xxs">
          <Badge color="grey">{viaText(applied)}</Badge>
          {policy.aws_managed && <Badge>AWS managed</Badge>}
        </SpaceBetween>
      }
    >
      <SpaceBetween size="s">
        <Box variant="small" color="text-body-secondary">
          {policy.arn}
        </Box>
        <PolicyViewer document={policy.document} label={`Service control policy ${policy.name}`} />
      </SpaceBetween>
    </ExpandableSection>
  );
}

function PolicyList({ data }: { data: ServiceControlPolicies }) {
  if (data.path.length === 0) {
    return (
      <Alert type="info" header="Not in the organization">
        This account is not in the AWS Organizations tree ConsoleMe has read, so no service control
        policy is known to apply to it.
      </Alert>
    );
  }
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Organization path</Header>}>
        <Box>
          {data.path.map((node, index) => (
            <span key={node.id}>
              {index > 0 && " / "}
              <Box variant="span" fontWeight={index === data.path.length - 1 ? "bold" : "normal"}>
                {node.name}
              </Box>{" "}
              <Box variant="span" color="text-body-secondary" fontSize="body-s">
                ({node.id})
              </Box>
            </span>
          ))}
        </Box>
      </Container>
      {data.policies.length === 0 ? (
        <Container>
          <Box color="text-status-inactive">No service control policy applies to this account.</Box>
        </Container>
      ) : (
        data.policies.map((applied) => (
          <AppliedPolicy key={`${applied.via_id}-${applied.policy.id}`} applied={applied} />
        ))
      )}
    </SpaceBetween>
  );
}

/** `/accounts/:account/service-control-policies`: the SCPs that apply to one account. */
export default function AccountScpsPage() {
  const { account = "" } = useParams();
  const onFollow = useRouterFollow();
  const scps = useServiceControlPolicies(account);
  const known = useInventoryAccounts(account, undefined, 1).data?.accounts[0];
  const title = known?.id === account ? `${known.name} (${account})` : account;
  return (
    <ContentLayout
      header={
        <SpaceBetween size="xs">
          <BreadcrumbGroup
            items={[
              { text: "Accounts", href: "/accounts" },
              { text: title, href: `/accounts/${account}/service-control-policies` },
            ]}
            onFollow={onFollow}
            ariaLabel="Breadcrumbs"
          />
          <Header
            variant="h1"
            counter={scps.data ? `(${scps.data.policies.length})` : undefined}
            description="Policies attached to the organization root, to an OU on the account's path, or to the account. They limit what any principal in the account may do."
          >
            Service control policies of {title}
          </Header>
        </SpaceBetween>
      }
    >
      {scps.data ? (
        <PolicyList data={scps.data} />
      ) : scps.isError ? (
        <ApiErrorAlert
          header="Could not load the service control policies"
          error={scps.error}
          action={<Button onClick={() => void scps.refetch()}>Retry</Button>}
        />
      ) : (
        <PageSpinner label="Loading service control policies" />
      )}
    </ContentLayout>
  );
}
