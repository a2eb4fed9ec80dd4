import Button from "@cloudscape-design/components/button";
import Popover from "@cloudscape-design/components/popover";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { useState } from "react";
import {
  useInventoryRefreshJob,
  useRequestInventoryRefresh,
} from "../../api/use-inventory-accounts";

/** An admin's "Refresh" for one account: queues the refresh, then follows it to the end. */
export function AccountRefreshCell({ accountId, name }: { accountId: string; name: string }) {
  const request = useRequestInventoryRefresh();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useInventoryRefreshJob(jobId);
  const status = job.data?.status;
  const running =
    request.isPending ||
    (jobId !== null && status !== "done" && status !== "failed" && !job.isError);

  const start = () =>
    request.mutate({ account_id: accountId }, { onSuccess: (queued) => setJobId(queued.id) });

  if (running) {
    return (
      <StatusIndicator type="loading">
        {status === "running"
          ? `Refreshing ${job.data?.done ?? 0}/${job.data?.parts ?? 0}`
          : "Queued"}
      </StatusIndicator>
    );
  }
  const failure = request.error ?? job.error ?? (status === "failed" ? job.data : null);
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      <Button variant="inline-link" onClick={start} ariaLabel={`Refresh ${name}`}>
        Refresh
      </Button>
      {status === "done" && !request.isError && (
        <StatusIndicator type="success">Done</StatusIndicator>
      )}
      {failure && (
        <Popover
          header="Refresh failed"
          content={
            failure instanceof Error
              ? failure.message
              : failure.errors.join("\n") || "A part failed."
          }
          triggerType="text"
          dismissButton={false}
        >
          <StatusIndicator type="error">Failed</StatusIndicator>
        </Popover>
      )}
    </SpaceBetween>
  );
}
