import type { Finding, FindingSeverity } from "../api/types";
import { locateJsonPath, type TextRange } from "./json-locate";

export interface FindingMarker extends TextRange {
  severity: FindingSeverity;
  message: string;
}

/** Where in `text` a finding belongs: its path, else its statement, else the first line. */
function rangeOf(text: string, finding: Finding): TextRange {
  const path =
    finding.path ?? (finding.statement !== null ? `Statement[${finding.statement}]` : null);
  const found = path ? locateJsonPath(text, path) : null;
  if (found) return found;
  const firstLine = text.indexOf("\n");
  return { start: 0, end: firstLine === -1 ? text.length : firstLine };
}

/**
 * Editor markers for policy check findings, placed by path in the text as it is now (so they
 * stay on the right statement while the user types on).
 */
export function findingMarkers(text: string, findings: readonly Finding[]): FindingMarker[] {
  return findings.map((finding) => ({
    ...rangeOf(text, finding),
    severity: finding.severity,
    message: finding.detail ? `${finding.title}: ${finding.detail}` : finding.title,
  }));
}
