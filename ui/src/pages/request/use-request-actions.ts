import type { FlashbarProps } from "@cloudscape-design/components/flashbar";
import { useState } from "react";
import { isApiError } from "../../api/api-error";
import type { RequestCommand, RequestDetail } from "../../api/types";
import { useRequestCommand } from "../../api/use-change-requests";

type WithoutVersion<T> = T extends unknown ? Omit<T, "version"> : never;

/** A command as the page builds it; the version read is added when it is sent. */
export type Command = WithoutVersion<RequestCommand>;

const DONE: Partial<Record<Command["command"], string>> = {
  approve: "You approved this request.",
  reject: "You rejected this request.",
  cancel: "The request was cancelled.",
  move_back_to_pending: "The request is pending review again.",
  apply_change: "The change was queued to be applied.",
  update_change: "The change was updated. Approvals given before count no more.",
};

/** What to do once the server answered a command. */
export interface AfterSend {
  /** The server took it (a comment form clears). */
  sent?: () => void;
  /** The server answered, whatever it said (a modal closes); not for `refused` errors. */
  done?: () => void;
  /**
   * Refusals other than a version conflict (e.g. a 400 for an invalid edit) go here instead of
   * the page's flash, for a form that shows them beside what the user wrote.
   */
  refused?: (error: Error) => void;
}

function isVersionConflict(error: unknown): boolean {
  return isApiError(error) && (error.code === "version_conflict" || error.status === 409);
}

/**
 * Sends commands at the version on screen and keeps the page's flash messages: a request that
 * changed meanwhile (409) is reloaded, and the user told so, instead of being overwritten.
 */
export function useRequestActions(request: RequestDetail | undefined, reload: () => unknown) {
  const mutation = useRequestCommand(request?.id ?? "");
  const [flash, setFlash] = useState<FlashbarProps.MessageDefinition[]>([]);

  const show = (item: Omit<FlashbarProps.MessageDefinition, "dismissible" | "onDismiss">) =>
    setFlash([
      {
        ...item,
        id: "request-flash",
        dismissible: true,
        dismissLabel: "Dismiss",
        onDismiss: () => setFlash([]),
      },
    ]);

  const send = (command: Command, then: AfterSend = {}) => {
    if (!request) return;
    setFlash([]);
    mutation.mutate(
      { ...command, version: request.version },
      {
        onSuccess: () => {
          const done = DONE[command.command];
          if (done) show({ type: "success", content: done });
          then.sent?.();
          then.done?.();
        },
        onError: (error) => {
          if (!isVersionConflict(error) && then.refused) {
            then.refused(error);
            return;
          }
          then.done?.();
          if (isVersionConflict(error)) {
            void reload();
            show({
              type: "warning",
              header: "This request changed meanwhile",
              content:
                "Someone else acted on it while you were looking. It has been reloaded: check it, then try again.",
            });
          } else {
            show({ type: "error", header: "That did not work", content: error.message });
          }
        },
      },
    );
  };

  const variables = mutation.variables;
  return {
    send,
    pending: mutation.isPending,
    pendingCommand: variables?.command,
    pendingChange: variables && "change_id" in variables ? variables.change_id : undefined,
    flash,
  };
}
