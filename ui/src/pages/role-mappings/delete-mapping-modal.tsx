import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import type { RoleMapping } from "../../api/types";
import { useDeleteRoleMapping } from "../../api/use-role-mappings";
import { MappingError } from "./mapping-conflict";

interface DeleteMappingModalProps {
  mapping: RoleMapping;
  onClose: () => void;
  onReload: (group: string) => Promise<RoleMapping | null>;
}

/** Confirms deleting a group's dynamic mapping (at the version shown). */
export function DeleteMappingModal({ mapping, onClose, onReload }: DeleteMappingModalProps) {
  const [current, setCurrent] = useState<RoleMapping | null>(mapping);
  const [reloading, setReloading] = useState(false);
  const remove = useDeleteRoleMapping();
  const reload = async () => {
    setReloading(true);
    try {
      const fresh = await onReload(mapping.group);
      remove.reset();
      if (fresh === null) onClose();
      else setCurrent(fresh);
    } finally {
      setReloading(false);
    }
  };
  const count = (current?.roles.length ?? 0) + (current?.cli_only_roles.length ?? 0);

  return (
    <Modal
      visible
      onDismiss={onClose}
      header={`Delete mapping of ${mapping.group}`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant="primary"
              loading={remove.isPending}
              disabled={current === null}
              onClick={() =>
                current &&
                remove.mutate(
                  { group: current.group, version: current.version },
                  { onSuccess: onClose },
                )
              }
            >
              Delete
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {remove.isError && (
          <MappingError
            error={remove.error}
            header="Could not delete the mapping"
            reloading={reloading}
            onReload={() => void reload()}
          />
        )}
        <Box variant="p">
          Members of <Box variant="strong">{mapping.group}</Box> lose the {count}{" "}
          {count === 1 ? "role" : "roles"} this mapping grants, unless a role tag or another mapping
          grants them too. Mappings in the settings file are not affected.
        </Box>
      </SpaceBetween>
    </Modal>
  );
}
