import Alert, { type AlertProps } from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import { isApiError } from "../api/api-error";

interface ApiErrorAlertProps {
  error: unknown;
  header: string;
  action?: AlertProps["action"];
  onDismiss?: () => void;
}

/** Shows an API error's message and, when the server gave one, its request id for support. */
export function ApiErrorAlert({ error, header, action, onDismiss }: ApiErrorAlertProps) {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  const requestId = isApiError(error) ? error.requestId : "";
  return (
    <Alert
      type="error"
      header={header}
      action={action}
      dismissible={onDismiss !== undefined}
      onDismiss={onDismiss}
    >
      {message}
      {requestId && (
        <Box variant="small" display="block" margin={{ top: "xxs" }}>
          Request ID: {requestId}
        </Box>
      )}
    </Alert>
  );
}
