import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import { useRouteError } from "react-router";

/** Last line of defence when a page throws while rendering or its code fails to load. */
export function RouteError() {
  const error = useRouteError();
  const message = error instanceof Error ? error.message : "An unexpected error occurred.";
  return (
    <Box padding="xxxl">
      <Alert
        type="error"
        header="Something went wrong"
        action={<Button onClick={() => window.location.reload()}>Reload</Button>}
      >
        {message}
      </Alert>
    </Box>
  );
}
