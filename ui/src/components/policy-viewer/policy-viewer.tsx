import Box from "@cloudscape-design/components/box";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import { lazy, Suspense, useMemo } from "react";
import { PageSpinner } from "../page-spinner";
import "./policy-viewer.css";

// Monaco is large: it is fetched the first time a policy is shown, never with the page.
const MonacoJsonViewer = lazy(() => import("./monaco-json-viewer"));

const LINE_HEIGHT = 19;
const MIN_HEIGHT = 80;
const MAX_HEIGHT = 760;

interface PolicyViewerProps {
  /** A policy document (any JSON value). */
  document: unknown;
  /** What the document is, e.g. "Inline policy s3-read"; names the editor and the copy button. */
  label: string;
}

/** A policy document in a read-only JSON editor, with a copy button. */
export function PolicyViewer({ document, label }: PolicyViewerProps) {
  const text = useMemo(() => JSON.stringify(document, null, 2), [document]);
  const lines = text.split("\n").length;
  const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, lines * LINE_HEIGHT + 14));
  return (
    <div className="policy-viewer">
      <div className="policy-viewer__toolbar">
        <CopyToClipboard
          variant="icon"
          textToCopy={text}
          copyButtonAriaLabel={`Copy ${label}`}
          copySuccessText="Policy copied"
          copyErrorText="Policy could not be copied"
        />
      </div>
      <div className="policy-viewer__editor" style={{ height }}>
        <Suspense
          fallback={
            <Box padding="s">
              <PageSpinner label="Loading the viewer" />
            </Box>
          }
        >
          <MonacoJsonViewer text={text} height={height} label={label} />
        </Suspense>
      </div>
    </div>
  );
}
