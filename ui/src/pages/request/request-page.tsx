import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Flashbar from "@cloudscape-design/components/flashbar";
import Grid from "@cloudscape-design/components/grid";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { useParams } from "react-router";
import { isApiError } from "../../api/api-error";
import type { ChangeDetail, RequestDetail } from "../../api/types";
import { useRequestDetail } from "../../api/use-change-requests";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { RequestStatusIndicator } from "../../components/change-request/request-status";
import { PageSpinner } from "../../components/page-spinner";
import { useRouterFollow } from "../../components/use-router-follow";
import { changeSummary } from "../../lib/change-summary";
import { formatIsoTime } from "../../lib/format-time";
import { ChangeSection } from "./change-section";
import { CommentThread } from "./comment-thread";
import { EditChangeModal } from "./edit-change-modal";
import { ReasonModal, type ReasonCommand } from "./reason-modal";
import { RequestActions } from "./request-actions";
import { RequestSummary } from "./request-summary";
import { RequestTimeline } from "./request-timeline";
import { useRequestActions } from "./use-request-actions";
import "./request-page.css";

function title(request: RequestDetail): string {
  const [first] = request.changes;
  if (!first) return "Permission request";
  const more = request.changes.length - 1;
  return more > 0 ? `${changeSummary(first.spec)} and ${more} more` : changeSummary(first.spec);
}

/** `/requests/:id`: review a permission request, discuss it, and act on it. */
export default function RequestPage() {
  const { id = "" } = useParams();
  const onFollow = useRouterFollow();
  const query = useRequestDetail(id);
  const request = query.data;
  const actions = useRequestActions(request, () => query.refetch());
  const [asking, setAsking] = useState<ReasonCommand | null>(null);
  const [editing, setEditing] = useState<ChangeDetail | null>(null);
  const [editError, setEditError] = useState<Error | null>(null);

  if (!request) {
    let body;
    if (query.isError && isApiError(query.error) && query.error.status === 404) {
      body = (
        <Alert type="warning" header="No such request">
          It does not exist, or it is not yours to see.{" "}
          <Link href="/requests" onFollow={onFollow}>
            All requests
          </Link>
        </Alert>
      );
    } else if (query.isError) {
      body = (
        <ApiErrorAlert
          header="Could not load the request"
          error={query.error}
          action={<Button onClick={() => void query.refetch()}>Retry</Button>}
        />
      );
    } else {
      body = <PageSpinner label="Loading the request" />;
    }
    return (
      <ContentLayout header={<Header variant="h1">Permission request</Header>}>
        {body}
      </ContentLayout>
    );
  }

  const allowed = request.allowed_commands;
  const sending = actions.pending ? actions.pendingCommand : undefined;
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<RequestStatusIndicator status={request.status} />}
          description={`Requested by ${request.requester} on ${formatIsoTime(request.created_at)}`}
          actions={
            <RequestActions
              allowed={allowed}
              sending={sending}
              onApprove={() => actions.send({ command: "approve" })}
              onAsk={setAsking}
            />
          }
        >
          {title(request)}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {actions.flash.length > 0 && <Flashbar items={actions.flash} />}
        <RequestSummary request={request} />
        <SpaceBetween size="m">
          <Header variant="h2" counter={`(${request.changes.length})`}>
            Changes
          </Header>
          {request.changes.map((change) => (
            <ChangeSection
              key={change.id}
              change={change}
              canApply={allowed.includes("apply_change")}
              canEdit={allowed.includes("update_change")}
              applying={sending === "apply_change" && actions.pendingChange === change.id}
              busy={sending !== undefined}
              onApply={() => actions.send({ command: "apply_change", change_id: change.id })}
              onEdit={() => {
                setEditError(null);
                setEditing(change);
              }}
            />
          ))}
        </SpaceBetween>
        <Grid
          gridDefinition={[{ colspan: { default: 12, s: 7 } }, { colspan: { default: 12, s: 5 } }]}
        >
          <CommentThread
            comments={request.comments}
            canComment={allowed.includes("comment")}
            sending={sending === "comment"}
            onComment={(text, sent) => actions.send({ command: "comment", text }, { sent })}
          />
          <RequestTimeline events={request.timeline} />
        </Grid>
        {request.status === "approved" && request.changes.some((c) => c.status === "approved") && (
          <Box variant="small" color="text-body-secondary">
            Approved changes are applied by a background worker; this page updates when they are.
          </Box>
        )}
      </SpaceBetween>
      {asking && (
        <ReasonModal
          command={asking}
          sending={sending === asking}
          onClose={() => setAsking(null)}
          onConfirm={(reason) =>
            actions.send(
              { command: asking, ...(reason ? { reason } : {}) },
              { done: () => setAsking(null) },
            )
          }
        />
      )}
      {editing && (
        <EditChangeModal
          change={editing}
          sending={sending === "update_change"}
          error={editError}
          onClose={() => setEditing(null)}
          onSave={(spec, expiresAt) => {
            setEditError(null);
            actions.send(
              {
                command: "update_change",
                change_id: editing.id,
                spec,
                ...(expiresAt ? { expires_at: expiresAt } : {}),
              },
              { done: () => setEditing(null), refused: setEditError },
            );
          }}
        />
      )}
    </ContentLayout>
  );
}
