import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useState } from "react";
import type { RoleMapping } from "../../api/types";
import { useSaveRoleMapping } from "../../api/use-role-mappings";
import { nonEmptyLines } from "../../lib/lines";
import { MappingError } from "./mapping-conflict";

interface RoleMappingFormProps {
  /** The dynamic mapping to edit; `null` to add one. */
  mapping: RoleMapping | null;
  onClose: () => void;
  /** Refetches the mappings and answers the group's current dynamic mapping, if any. */
  onReload: (group: string) => Promise<RoleMapping | null>;
}

const ARN_HINT =
  "One role ARN per line. * and ? match any characters, e.g. arn:aws:iam::*:role/engineering-admin";

/** Add or edit a group's dynamic mapping in a modal. */
export function RoleMappingForm({ mapping, onClose, onReload }: RoleMappingFormProps) {
  const [current, setCurrent] = useState(mapping);
  const [group, setGroup] = useState(mapping?.group ?? "");
  const [roles, setRoles] = useState(mapping?.roles.join("\n") ?? "");
  const [cliOnly, setCliOnly] = useState(mapping?.cli_only_roles.join("\n") ?? "");
  const [reloading, setReloading] = useState(false);
  const [groupError, setGroupError] = useState("");
  const save = useSaveRoleMapping();

  const submit = () => {
    if (group.trim() === "") return setGroupError("Enter the group name.");
    setGroupError("");
    save.mutate(
      {
        group: group.trim(),
        change: {
          roles: nonEmptyLines(roles),
          cli_only_roles: nonEmptyLines(cliOnly),
          version: current?.version ?? 0,
        },
      },
      { onSuccess: onClose },
    );
  };
  const reload = async () => {
    setReloading(true);
    try {
      const fresh = await onReload(group.trim());
      setCurrent(fresh);
      setRoles(fresh?.roles.join("\n") ?? "");
      setCliOnly(fresh?.cli_only_roles.join("\n") ?? "");
      save.reset();
    } finally {
      setReloading(false);
    }
  };

  const editing = current !== null;
  return (
    <Modal
      visible
      size="large"
      onDismiss={onClose}
      header={editing ? `Edit mapping of ${current.group}` : "Add a role mapping"}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Form
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button formAction="none" variant="link" onClick={onClose}>
                Cancel
              </Button>
              <Button variant="primary" loading={save.isPending}>
                {editing ? "Save" : "Add mapping"}
              </Button>
            </SpaceBetween>
          }
        >
          <SpaceBetween size="m">
            {save.isError && (
              <MappingError
                error={save.error}
                header="Could not save the mapping"
                reloading={reloading}
                onReload={() => void reload()}
              />
            )}
            <FormField
              label="Group"
              description="Members of this group get the roles below."
              errorText={groupError}
            >
              <Input
                value={group}
                disabled={editing}
                placeholder="engineering"
                onChange={({ detail }) => setGroup(detail.value)}
              />
            </FormField>
            <FormField
              label="Roles"
              description="Console sign-in and credentials."
              constraintText={ARN_HINT}
            >
              <Textarea value={roles} rows={5} onChange={({ detail }) => setRoles(detail.value)} />
            </FormField>
            <FormField
              label="CLI-only roles"
              description="Credentials only, no console sign-in."
              constraintText={ARN_HINT}
            >
              <Textarea
                value={cliOnly}
                rows={3}
                onChange={({ detail }) => setCliOnly(detail.value)}
              />
            </FormField>
            {editing && (
              <Box variant="small" color="text-body-secondary">
                Editing version {current.version}.
              </Box>
            )}
          </SpaceBetween>
        </Form>
      </form>
    </Modal>
  );
}
