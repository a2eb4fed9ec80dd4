import { DiffEditor } from "@monaco-editor/react";
import { PageSpinner } from "../page-spinner";
import "./monaco-setup";

export interface MonacoJsonDiffProps {
  before: string;
  after: string;
  height: number;
  /** Names both sides for screen readers (and tests): "<label> (before)", "<label> (after)". */
  label: string;
}

/** A read-only side-by-side JSON diff; only loaded through `PolicyDiff`. */
export default function MonacoJsonDiff({ before, after, height, label }: MonacoJsonDiffProps) {
  return (
    <DiffEditor
      original={before}
      modified={after}
      language="json"
      height={height}
      loading={<PageSpinner label="Loading the diff" />}
      options={{
        readOnly: true,
        domReadOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        // Reviewers compare side by side even on a narrow window; the panes scroll instead.
        useInlineViewWhenSpaceIsLimited: false,
        originalAriaLabel: `${label} (before)`,
        modifiedAriaLabel: `${label} (after)`,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        lineNumbersMinChars: 3,
        wordWrap: "on",
        automaticLayout: true,
        renderLineHighlight: "none",
        renderOverviewRuler: false,
        overviewRulerBorder: false,
        hideUnchangedRegions: { enabled: false },
        fontSize: 13,
        lineHeight: 19,
        padding: { top: 6, bottom: 6 },
        scrollbar: { alwaysConsumeMouseWheel: false },
      }}
    />
  );
}
