import Editor from "@monaco-editor/react";
import { PageSpinner } from "../page-spinner";
import "./monaco-setup";

export interface MonacoJsonViewerProps {
  text: string;
  height: number;
  /** Names the editor for screen readers (and tests). */
  label: string;
}

/** A read-only JSON editor; only loaded through `PolicyViewer`, so Monaco stays in its chunk. */
export default function MonacoJsonViewer({ text, height, label }: MonacoJsonViewerProps) {
  return (
    <Editor
      value={text}
      language="json"
      height={height}
      loading={<PageSpinner label="Loading the viewer" />}
      options={{
        readOnly: true,
        domReadOnly: true,
        ariaLabel: label,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        lineNumbersMinChars: 3,
        folding: true,
        wordWrap: "on",
        automaticLayout: true,
        renderLineHighlight: "none",
        overviewRulerLanes: 0,
        overviewRulerBorder: false,
        hideCursorInOverviewRuler: true,
        fontSize: 13,
        lineHeight: 19,
        padding: { top: 6, bottom: 6 },
        tabSize: 2,
        scrollbar: { alwaysConsumeMouseWheel: false },
      }}
    />
  );
}
