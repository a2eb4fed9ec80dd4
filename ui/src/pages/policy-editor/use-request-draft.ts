import { useState } from "react";
import { useLocation, useNavigate } from "react-router";
import type { ChangeSpec } from "../../api/types";
import { useSubmitRequest } from "../../api/use-change-requests";
import type { EditorState, EditTarget } from "../../lib/edit-target";
import { expiryIso, NO_EXPIRY, type ExpiryValue } from "../../lib/expiry";
import { changeInputs, draftChanges, draftFrom, emptyDraft, type Draft } from "./policy-draft";
import type { SubmitMode } from "./submit-panel";

function prefillOf(state: unknown): ChangeSpec | undefined {
  return typeof state === "object" && state !== null ? (state as EditorState).prefill : undefined;
}

/**
 * Everything the editor collects (the draft, justification, expiry) and the submit: checked
 * here first, then sent; on success the new request's page opens.
 */
export function useRequestDraft(target: EditTarget) {
  const location = useLocation();
  const navigate = useNavigate();
  const prefill = prefillOf(location.state);
  const [draft, setDraft] = useState<Draft>(() =>
    prefill ? draftFrom(target, prefill) : emptyDraft(target),
  );
  const [justification, setJustification] = useState("");
  const [expiry, setExpiry] = useState<ExpiryValue>(NO_EXPIRY);
  const [tried, setTried] = useState(false);
  const submit = useSubmitRequest();
  const [mode, setMode] = useState<SubmitMode | null>(null);

  const { changes, problems } = draftChanges(draft, target);
  const expiryResult = expiryIso(expiry);
  const allProblems =
    changes.length === 0 && problems.length === 0 ? ["There are no changes to submit."] : problems;

  const update = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  const send = (chosen: SubmitMode) => {
    setTried(true);
    submit.reset();
    if (allProblems.length > 0 || !justification.trim() || expiryResult.error !== undefined) return;
    setMode(chosen);
    submit.mutate(
      {
        justification: justification.trim(),
        changes: changeInputs(changes, expiryResult.iso ?? null),
        submit_and_apply: chosen === "apply",
      },
      { onSuccess: (detail) => void navigate(`/requests/${detail.id}`) },
    );
  };

  return {
    draft,
    update,
    prefillType: prefill?.type,
    panel: {
      changes,
      problems: allProblems,
      justification,
      onJustification: setJustification,
      expiry,
      onExpiry: setExpiry,
      expiryError: expiryResult.error ?? null,
      tried,
      sending: submit.isPending ? mode : null,
      error: submit.error,
      onSubmit: send,
    },
  };
}
