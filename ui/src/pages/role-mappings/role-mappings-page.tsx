import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { useState } from "react";
import type { RoleMapping } from "../../api/types";
import { useRoleMappings } from "../../api/use-role-mappings";
import { useSession } from "../../app/session";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { DeleteMappingModal } from "./delete-mapping-modal";
import { mappingId, roleMappingColumns } from "./role-mapping-columns";
import { RoleMappingForm } from "./role-mapping-form";

type Dialog = { kind: "add" } | { kind: "edit" | "delete"; mapping: RoleMapping } | null;

function matches(mapping: RoleMapping, text: string): boolean {
  const needle = text.trim().toLowerCase();
  return [mapping.group, ...mapping.roles, ...mapping.cli_only_roles].some((value) =>
    value.toLowerCase().includes(needle),
  );
}

/** `/admin/role-mappings`: which groups may use which roles (admins only). */
export default function RoleMappingsPage() {
  const profile = useSession();
  const mappings = useRoleMappings(profile.is_admin);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [filterText, setFilterText] = useState("");
  const header = (
    <Header
      variant="h1"
      description="Groups and the roles their members may use. Mappings from the settings file are read-only; the others take effect at once. Role tags grant roles too."
    >
      Role mappings
    </Header>
  );
  if (!profile.is_admin) {
    return (
      <ContentLayout header={header}>
        <Alert type="info" header="Administrators only">
          Only ConsoleMe administrators can see and change role mappings.
        </Alert>
      </ContentLayout>
    );
  }

  const all = mappings.data?.mappings ?? [];
  const items = filterText ? all.filter((m) => matches(m, filterText)) : all;
  const reload = async (group: string) => {
    const fresh = await mappings.refetch();
    const found = fresh.data?.mappings.find((m) => m.source === "dynamic" && m.group === group);
    return found ?? null;
  };
  const close = () => setDialog(null);

  return (
    <ContentLayout header={header}>
      <SpaceBetween size="m">
        {mappings.isError && (
          <ApiErrorAlert
            header="Could not load the role mappings"
            error={mappings.error}
            action={<Button onClick={() => void mappings.refetch()}>Retry</Button>}
          />
        )}
        <Table
          items={items}
          trackBy={mappingId}
          columnDefinitions={roleMappingColumns({
            onEdit: (mapping) => setDialog({ kind: "edit", mapping }),
            onDelete: (mapping) => setDialog({ kind: "delete", mapping }),
          })}
          loading={mappings.isPending}
          loadingText="Loading role mappings"
          wrapLines
          header={
            <Header
              counter={mappings.data ? `(${all.length})` : undefined}
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  <Button
                    iconName="refresh"
                    ariaLabel="Refresh mappings"
                    loading={mappings.isFetching}
                    onClick={() => void mappings.refetch()}
                  />
                  <Button variant="primary" onClick={() => setDialog({ kind: "add" })}>
                    Add mapping
                  </Button>
                </SpaceBetween>
              }
            >
              Mappings
            </Header>
          }
          filter={
            <TextFilter
              filteringText={filterText}
              filteringPlaceholder="Find by group or role ARN"
              filteringAriaLabel="Find mappings"
              onChange={({ detail }) => setFilterText(detail.filteringText)}
            />
          }
          empty={
            <Box textAlign="center" color="inherit" padding="l">
              <Box variant="strong" color="inherit">
                {filterText ? "No matching mappings" : "No role mappings"}
              </Box>
              <Box variant="p" color="inherit">
                {filterText
                  ? "No group or role matches."
                  : "Map a group to roles to let its members use them."}
              </Box>
            </Box>
          }
        />
      </SpaceBetween>
      {dialog?.kind === "add" && (
        <RoleMappingForm mapping={null} onClose={close} onReload={reload} />
      )}
      {dialog?.kind === "edit" && (
        <RoleMappingForm mapping={dialog.mapping} onClose={close} onReload={reload} />
      )}
      {dialog?.kind === "delete" && (
        <DeleteMappingModal mapping={dialog.mapping} onClose={close} onReload={reload} />
      )}
    </ContentLayout>
  );
}
