import Box from "@cloudscape-design/components/box";
import Spinner from "@cloudscape-design/components/spinner";
import "./page-spinner.css";

interface PageSpinnerProps {
  label?: string;
}

/** A large spinner centred in the page, so loading never looks like a blank screen. */
export function PageSpinner({ label = "Loading" }: PageSpinnerProps) {
  return (
    <div className="page-spinner" role="status" aria-live="polite">
      <Spinner size="large" />
      <Box color="text-body-secondary" fontSize="body-s">
        {label}…
      </Box>
    </div>
  );
}
