import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import KeyValuePairs, {
  type KeyValuePairsProps,
} from "@cloudscape-design/components/key-value-pairs";
import { formatUnixSeconds } from "../../lib/format-time";
import { formatRelativeSeconds, isoToSeconds } from "../../lib/relative-time";

interface ResourceSummaryProps {
  arn: string;
  accountId: string;
  accountName?: string | undefined;
  region: string;
  fetchedAt: number;
  /** Fields of this kind of resource, shown after the common ones. */
  extra?: KeyValuePairsProps.Item[];
  /** Long values (URLs) shown across the whole width, under the ARN. */
  wide?: KeyValuePairsProps.Item[];
}

/** What every resource has: ARN (copyable), account, region, and when ConsoleMe last read it. */
export function ResourceSummary({
  arn,
  accountId,
  accountName,
  region,
  fetchedAt,
  extra = [],
  wide = [],
}: ResourceSummaryProps) {
  return (
    <Container header={<Header variant="h2">Summary</Header>}>
      <SpaceBetween size="l">
        <KeyValuePairs
          columns={1}
          items={[
            {
              label: "ARN",
              value: (
                <CopyToClipboard
                  variant="inline"
                  textToCopy={arn}
                  copyButtonAriaLabel="Copy ARN"
                  copySuccessText="ARN copied"
                  copyErrorText="ARN could not be copied"
                />
              ),
            },
            ...wide,
          ]}
        />
        <KeyValuePairs
          columns={3}
          minColumnWidth={200}
          items={[
            {
              label: "Account",
              value:
                accountName && accountName !== accountId
                  ? `${accountName} (${accountId})`
                  : accountId,
            },
            { label: "Region", value: region || <Box color="text-status-inactive">Global</Box> },
            {
              label: "Last read from AWS",
              value: (
                <span title={formatUnixSeconds(fetchedAt)}>{formatRelativeSeconds(fetchedAt)}</span>
              ),
            },
            ...extra,
          ]}
        />
      </SpaceBetween>
    </Container>
  );
}

/** An ISO 8601 time from AWS as a local date and time (the text itself when it does not parse). */
export function IsoTime({ iso }: { iso: string }) {
  const seconds = isoToSeconds(iso);
  if (!iso) return <Box color="text-status-inactive">-</Box>;
  return <>{seconds === null ? iso : formatUnixSeconds(seconds)}</>;
}
