import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import type { ChangeSpec } from "../../api/types";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { ExpiryField } from "../../components/change-request/expiry-field";
import { changeSummary } from "../../lib/change-summary";
import type { ExpiryValue } from "../../lib/expiry";

export type SubmitMode = "submit" | "apply";

interface SubmitPanelProps {
  changes: readonly ChangeSpec[];
  /** Problems to fix first; shown once the user tried to submit. */
  problems: readonly string[];
  justification: string;
  onJustification: (value: string) => void;
  expiry: ExpiryValue;
  onExpiry: (value: ExpiryValue) => void;
  expiryError: string | null;
  tried: boolean;
  isAdmin: boolean;
  sending: SubmitMode | null;
  error: unknown;
  onSubmit: (mode: SubmitMode) => void;
  onCancel: () => void;
}

/** What the request will hold, why, for how long, and the submit buttons. */
export function SubmitPanel(props: SubmitPanelProps) {
  const { changes, problems, tried, sending, error, isAdmin } = props;
  const missingJustification = tried && !props.justification.trim();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit("submit");
      }}
    >
      <Form
        errorText={tried && problems.length > 0 ? "Fix the problems above first." : undefined}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" onClick={props.onCancel}>
              Cancel
            </Button>
            {isAdmin && (
              <Button
                formAction="none"
                loading={sending === "apply"}
                disabled={sending === "submit"}
                onClick={() => props.onSubmit("apply")}
              >
                Submit and apply
              </Button>
            )}
            <Button
              variant="primary"
              formAction="submit"
              loading={sending === "submit"}
              disabled={sending === "apply"}
            >
              Submit request
            </Button>
          </SpaceBetween>
        }
      >
        <Container
          header={
            <Header
              variant="h2"
              description="Reviewers see the changes, the reason and the policy check findings."
            >
              Submit the request
            </Header>
          }
        >
          <SpaceBetween size="l">
            <FormField label={`Changes in this request (${changes.length})`}>
              {changes.length === 0 ? (
                <Box color="text-status-inactive">
                  Nothing to submit yet: write statements, or choose policies or tags to change, in
                  the tabs above.
                </Box>
              ) : (
                <ol className="policy-editor__changes" aria-label="Changes in this request">
                  {changes.map((spec, index) => (
                    <li key={index}>{changeSummary(spec)}</li>
                  ))}
                </ol>
              )}
            </FormField>
            {tried && problems.length > 0 && (
              <Alert type="error" header="This request cannot be submitted yet">
                <ul className="policy-editor__problems">
                  {problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              </Alert>
            )}
            <FormField
              label="Justification"
              description="Why is this needed? Link a ticket if there is one."
              errorText={missingJustification ? "Say why this change is needed." : null}
              stretch
            >
              <Textarea
                value={props.justification}
                onChange={({ detail }) => props.onJustification(detail.value)}
                rows={3}
              />
            </FormField>
            <ExpiryField
              value={props.expiry}
              onChange={props.onExpiry}
              errorText={tried ? props.expiryError : null}
            />
            {error !== null && error !== undefined && (
              <ApiErrorAlert header="The request was not submitted" error={error} />
            )}
            {isAdmin && (
              <Box variant="small" color="text-body-secondary">
                As an administrator you may submit and apply at once; this is recorded in the
                request's history.
              </Box>
            )}
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}
