import Editor, { type Monaco } from "@monaco-editor/react";
import { useEffect, useState } from "react";
import type { FindingSeverity } from "../../api/types";
import type { FindingMarker } from "../../lib/finding-markers";
import { PageSpinner } from "../page-spinner";
import "../policy-viewer/monaco-setup";

export interface MonacoJsonEditorProps {
  value: string;
  onChange: (value: string) => void;
  height: number;
  /** Names the editor for screen readers (and tests). */
  label: string;
  markers: readonly FindingMarker[];
}

type CodeEditor = Parameters<NonNullable<Parameters<typeof Editor>[0]["onMount"]>>[0];

const OWNER = "consoleme-policy-check";

function markerSeverity(monaco: Monaco, severity: FindingSeverity) {
  if (severity === "critical" || severity === "high") return monaco.MarkerSeverity.Error;
  if (severity === "medium") return monaco.MarkerSeverity.Warning;
  return monaco.MarkerSeverity.Info;
}

/**
 * An editable JSON editor; Monaco's own JSON validation marks syntax errors, and `markers`
 * (policy check findings) are shown as squiggles with their message on hover.
 */
export default function MonacoJsonEditor(props: MonacoJsonEditorProps) {
  const { value, onChange, height, label, markers } = props;
  const [mounted, setMounted] = useState<{ editor: CodeEditor; monaco: Monaco } | null>(null);

  useEffect(() => {
    const model = mounted?.editor.getModel();
    if (!mounted || !model) return;
    const { monaco } = mounted;
    monaco.editor.setModelMarkers(
      model,
      OWNER,
      markers.map((marker) => {
        const start = model.getPositionAt(marker.start);
        const end = model.getPositionAt(marker.end);
        return {
          severity: markerSeverity(monaco, marker.severity),
          message: marker.message,
          source: "policy check",
          startLineNumber: start.lineNumber,
          startColumn: start.column,
          endLineNumber: end.lineNumber,
          endColumn: end.column,
        };
      }),
    );
  }, [mounted, markers, value]);

  return (
    <Editor
      value={value}
      language="json"
      height={height}
      onChange={(text) => onChange(text ?? "")}
      onMount={(editor, monaco) => setMounted({ editor, monaco })}
      loading={<PageSpinner label="Loading the editor" />}
      options={{
        ariaLabel: label,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        lineNumbersMinChars: 3,
        folding: true,
        wordWrap: "on",
        automaticLayout: true,
        fontSize: 13,
        lineHeight: 19,
        padding: { top: 6, bottom: 6 },
        tabSize: 2,
        formatOnPaste: true,
        fixedOverflowWidgets: true,
        scrollbar: { alwaysConsumeMouseWheel: false },
      }}
    />
  );
}
