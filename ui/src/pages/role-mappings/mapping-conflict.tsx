import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import { isApiError } from "../../api/api-error";
import { ApiErrorAlert } from "../../components/api-error-alert";

/** A save or delete refused because the mapping changed (409) or vanished (404) meanwhile. */
export function isStaleMapping(error: unknown): boolean {
  return isApiError(error) && (error.status === 409 || error.status === 404);
}

interface MappingErrorProps {
  error: unknown;
  header: string;
  reloading: boolean;
  onReload: () => void;
}

/** The error of a save or delete; a conflict offers to reload the current mapping. */
export function MappingError({ error, header, reloading, onReload }: MappingErrorProps) {
  if (!isStaleMapping(error)) return <ApiErrorAlert header={header} error={error} />;
  return (
    <Alert
      type="warning"
      header="Someone else changed this mapping"
      action={
        // formAction "none": inside the edit form this button must not submit it.
        <Button formAction="none" loading={reloading} onClick={onReload}>
          Reload
        </Button>
      }
    >
      It was changed or deleted after you opened it, so your change was not saved. Reload to see the
      current version, then make your change again.
    </Alert>
  );
}
