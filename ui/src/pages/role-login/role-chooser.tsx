import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Table from "@cloudscape-design/components/table";
import { parseRoleArn } from "../../lib/role-arn";

interface RoleChooserProps {
  query: string;
  roles: readonly string[];
  onChoose: (arn: string) => void;
}

/** Several roles matched the console sign-in query: the user picks one. */
export function RoleChooser({ query, roles, onChoose }: RoleChooserProps) {
  const items = roles.map((arn) => ({
    arn,
    ...(parseRoleArn(arn) ?? { accountId: "", roleName: arn }),
  }));
  return (
    <Table
      items={items}
      trackBy="arn"
      header={
        <Header
          counter={`(${roles.length})`}
          description={
            <>
              More than one of your roles matches <Box variant="code">{query}</Box>. Choose the one
              to sign in to the AWS console with.
            </>
          }
        >
          Choose a role
        </Header>
      }
      columnDefinitions={[
        {
          id: "role",
          header: "Role",
          isRowHeader: true,
          cell: (item) => (
            <>
              <Box fontWeight="bold">{item.roleName}</Box>
              <Box variant="small" color="text-body-secondary">
                {item.arn}
              </Box>
            </>
          ),
        },
        { id: "account", header: "Account", cell: (item) => item.accountId },
        {
          id: "sign-in",
          header: "Actions",
          cell: (item) => (
            <Button
              variant="primary"
              ariaLabel={`Sign in as ${item.roleName} in ${item.accountId}`}
              onClick={() => onChoose(item.arn)}
            >
              Sign in
            </Button>
          ),
        },
      ]}
    />
  );
}
