import Box from "@cloudscape-design/components/box";
import { lazy, Suspense, useMemo } from "react";
import { PageSpinner } from "../page-spinner";
import "./policy-viewer.css";

// Monaco is large: fetched the first time a diff is shown, never with the page.
const MonacoJsonDiff = lazy(() => import("./monaco-json-diff"));

const LINE_HEIGHT = 19;
const MIN_HEIGHT = 120;
const MAX_HEIGHT = 640;

/** A document as diffed: pretty JSON, or nothing for a document that does not exist. */
function pretty(document: unknown): string {
  return document === null || document === undefined ? "" : JSON.stringify(document, null, 2);
}

interface PolicyDiffProps {
  before: unknown;
  after: unknown;
  /** What is compared, e.g. "Inline policy s3-read"; names both panes. */
  label: string;
}

/** Two versions of a JSON document side by side, differences highlighted, read-only. */
export function PolicyDiff({ before, after, label }: PolicyDiffProps) {
  const beforeText = useMemo(() => pretty(before), [before]);
  const afterText = useMemo(() => pretty(after), [after]);
  const lines = Math.max(beforeText.split("\n").length, afterText.split("\n").length);
  const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, lines * LINE_HEIGHT + 14));
  return (
    <div className="policy-viewer">
      <div className="policy-viewer__diff-titles" aria-hidden="true">
        <Box variant="small" color="text-body-secondary">
          {beforeText ? "Before" : "Before (does not exist yet)"}
        </Box>
        <Box variant="small" color="text-body-secondary">
          {afterText ? "After" : "After (removed)"}
        </Box>
      </div>
      <div className="policy-viewer__editor" style={{ height }}>
        <Suspense
          fallback={
            <Box padding="s">
              <PageSpinner label="Loading the diff" />
            </Box>
          }
        >
          <MonacoJsonDiff before={beforeText} after={afterText} height={height} label={label} />
        </Suspense>
      </div>
    </div>
  );
}
