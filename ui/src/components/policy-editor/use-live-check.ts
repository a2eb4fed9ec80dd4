import { useMemo } from "react";
import type { Finding, PolicyCheckKind } from "../../api/types";
import { usePolicyCheck } from "../../api/use-policy-check";
import { isUntouched, parsePolicyText, withoutEmptySids } from "../../lib/policy-text";
import { useDebouncedValue } from "../use-debounced-value";

export const CHECK_DELAY_MS = 400;

export interface LiveCheck {
  /** Nothing written yet (the text is its template): nothing to check. */
  untouched: boolean;
  /** The text is not a JSON object (checked here, before the server is asked). */
  parseError: string | null;
  checking: boolean;
  /** The server's verdict on the last text it saw: null while unknown. */
  valid: boolean | null;
  error: string | null;
  /** Findings to show and mark, including one for the error, if any. */
  findings: Finding[];
  /** The check itself failed (network, server). */
  failure: Error | null;
}

/**
 * Checks a policy text with the server once the user stops typing for a moment. A text equal
 * to `template` (the blank a new policy starts from) is not checked; with no template (an
 * existing document being edited) every text is.
 */
export function useLiveCheck(
  text: string,
  template: string | null,
  kind: PolicyCheckKind,
  targetArn: string,
): LiveCheck {
  const settled = useDebouncedValue(text, CHECK_DELAY_MS);
  const parsed = useMemo(() => parsePolicyText(settled), [settled]);
  const untouched = template !== null && isUntouched(settled, template);
  const document = parsed.document && !untouched ? withoutEmptySids(parsed.document) : null;
  const check = usePolicyCheck(document, kind, targetArn);
  const result = document === null ? undefined : check.data;
  const findings = useMemo(() => {
    if (!result) return [];
    const all: Finding[] = [...result.findings];
    if (!result.valid && result.error) {
      all.unshift({
        rule: "invalid_policy",
        severity: "high",
        title: "Not a valid policy",
        detail: result.error,
        statement: null,
        sid: null,
        path: result.error_path,
        source: "consoleme",
      });
    }
    return all;
  }, [result]);
  return {
    untouched,
    parseError: untouched ? null : (parsed.error ?? null),
    checking: document !== null && (check.isFetching || settled !== text),
    valid: result ? result.valid : null,
    error: result?.error ?? null,
    findings,
    failure: document !== null && check.isError ? check.error : null,
  };
}
