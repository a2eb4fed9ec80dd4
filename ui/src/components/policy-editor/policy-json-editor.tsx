import Box from "@cloudscape-design/components/box";
import { lazy, Suspense, useMemo } from "react";
import type { Finding } from "../../api/types";
import { findingMarkers } from "../../lib/finding-markers";
import { PageSpinner } from "../page-spinner";
import "../policy-viewer/policy-viewer.css";

// Monaco is large: fetched when an editor is first shown, never with the page.
const MonacoJsonEditor = lazy(() => import("./monaco-json-editor"));

const LINE_HEIGHT = 19;
const MIN_HEIGHT = 220;
const MAX_HEIGHT = 560;

interface PolicyJsonEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Names the editor, e.g. "Statements to add to s3-read". */
  label: string;
  /** Findings of the last policy check of this text (shown as markers). */
  findings: readonly Finding[];
}

/** A policy document being written: Monaco JSON with syntax checks and finding markers. */
export function PolicyJsonEditor({ value, onChange, label, findings }: PolicyJsonEditorProps) {
  const markers = useMemo(() => findingMarkers(value, findings), [value, findings]);
  const lines = value.split("\n").length + 2;
  const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, lines * LINE_HEIGHT + 14));
  return (
    <div className="policy-viewer">
      <div className="policy-viewer__editor" style={{ height }}>
        <Suspense
          fallback={
            <Box padding="s">
              <PageSpinner label="Loading the editor" />
            </Box>
          }
        >
          <MonacoJsonEditor
            value={value}
            onChange={onChange}
            height={height}
            label={label}
            markers={markers}
          />
        </Suspense>
      </div>
    </div>
  );
}
