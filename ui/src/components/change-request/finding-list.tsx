import Badge, { type BadgeProps } from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { Finding, FindingSeverity } from "../../api/types";
import "./finding-list.css";

const SEVERITY_COLORS: Record<FindingSeverity, BadgeProps["color"]> = {
  critical: "severity-critical",
  high: "severity-high",
  medium: "severity-medium",
  low: "severity-low",
  info: "severity-neutral",
};

const ORDER: readonly FindingSeverity[] = ["critical", "high", "medium", "low", "info"];

export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  return (
    <Badge color={SEVERITY_COLORS[severity]}>
      {severity[0]?.toUpperCase() + severity.slice(1)}
    </Badge>
  );
}

/** Where a finding points, e.g. "Statement 2 (ReadLogs), Action". */
function place(finding: Finding): string {
  const parts: string[] = [];
  if (finding.statement !== null) {
    parts.push(`Statement ${finding.statement + 1}${finding.sid ? ` (${finding.sid})` : ""}`);
  }
  const element = finding.path?.split(".").slice(1).join(".");
  if (element) parts.push(element);
  return parts.join(", ");
}

interface FindingListProps {
  findings: readonly Finding[];
  /** Shown when there are none. */
  empty: string;
  /** Names the list for screen readers (and tests). */
  label: string;
}

/** Policy check findings, most severe first, each with a severity badge. */
export function FindingList({ findings, empty, label }: FindingListProps) {
  if (findings.length === 0) return <Box color="text-status-inactive">{empty}</Box>;
  const sorted = [...findings].sort(
    (a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity),
  );
  return (
    <ul className="finding-list" aria-label={label}>
      {sorted.map((finding, index) => (
        <li key={`${finding.rule}-${finding.path ?? ""}-${index}`} className="finding-list__item">
          <SpaceBetween size="xxxs">
            <SpaceBetween direction="horizontal" size="xs" alignItems="center">
              <SeverityBadge severity={finding.severity} />
              <Box variant="strong">{finding.title}</Box>
              {place(finding) && (
                <Box variant="small" color="text-body-secondary">
                  {place(finding)}
                </Box>
              )}
            </SpaceBetween>
            {finding.detail && <Box variant="p">{finding.detail}</Box>}
          </SpaceBetween>
        </li>
      ))}
    </ul>
  );
}
