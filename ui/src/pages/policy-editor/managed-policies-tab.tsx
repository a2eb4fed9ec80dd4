import Autosuggest from "@cloudscape-design/components/autosuggest";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import TokenGroup from "@cloudscape-design/components/token-group";
import { useState } from "react";
import type { AttachedPolicy } from "../../api/types";
import { useResourceSearch } from "../../api/use-resources";
import { useDebouncedValue } from "../../components/use-debounced-value";
import { arnName } from "../../lib/change-summary";
import { isManagedPolicyArn, POLICY_ARN_HINT } from "../../lib/iam-input";

interface ManagedPoliciesTabProps {
  accountId: string;
  attached: readonly AttachedPolicy[];
  attach: readonly string[];
  detach: readonly string[];
  onAttach: (arns: string[]) => void;
  onDetach: (arns: string[]) => void;
}

/** Managed policies to attach (by ARN, with suggestions from the inventory) or detach. */
export function ManagedPoliciesTab(props: ManagedPoliciesTabProps) {
  const { accountId, attached, attach, detach, onAttach, onDetach } = props;
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const q = useDebouncedValue(text.trim(), 300);
  const suggestions = useResourceSearch({
    q,
    type: "managed_policy",
    account: accountId,
    limit: 20,
  });
  const options = (suggestions.data?.items ?? []).map((item) => ({
    value: item.arn,
    label: item.name,
    description: item.arn,
  }));

  const add = (value: string) => {
    const arn = value.trim();
    if (!isManagedPolicyArn(arn)) {
      setError(POLICY_ARN_HINT);
      return;
    }
    if (attached.some((policy) => policy.arn === arn)) {
      setError("That policy is attached already.");
      return;
    }
    setError(null);
    setText("");
    if (!attach.includes(arn)) onAttach([...attach, arn]);
  };
  const toggleDetach = (arn: string) =>
    onDetach(detach.includes(arn) ? detach.filter((a) => a !== arn) : [...detach, arn]);

  return (
    <SpaceBetween size="l">
      <Table
        variant="embedded"
        header={
          <Header variant="h3" counter={`(${attached.length})`}>
            Attached now
          </Header>
        }
        ariaLabels={{ tableLabel: "Attached managed policies" }}
        items={[...attached]}
        trackBy="arn"
        columnDefinitions={[
          { id: "name", header: "Policy", cell: (policy) => policy.name, isRowHeader: true },
          { id: "arn", header: "ARN", cell: (policy) => <Box variant="small">{policy.arn}</Box> },
          {
            id: "action",
            header: "Change",
            cell: (policy) => (
              <Button
                variant="inline-link"
                ariaLabel={`${detach.includes(policy.arn) ? "Keep" : "Detach"} ${policy.name}`}
                onClick={() => toggleDetach(policy.arn)}
              >
                {detach.includes(policy.arn) ? "Keep attached" : "Detach"}
              </Button>
            ),
            width: 150,
          },
        ]}
        empty={<Box color="text-status-inactive">No managed policies attached.</Box>}
      />
      <FormField
        label="Attach a managed policy"
        description="Search this account's customer managed policies, or paste any policy ARN (AWS managed included)."
        errorText={error}
        stretch
      >
        <SpaceBetween direction="horizontal" size="xs">
          <div className="policy-editor__wide-input">
            <Autosuggest
              value={text}
              options={options}
              onChange={({ detail }) => setText(detail.value)}
              onSelect={({ detail }) => add(detail.value)}
              enteredTextLabel={(value) => `Use: ${value}`}
              statusType={suggestions.isFetching ? "loading" : "finished"}
              loadingText="Searching policies"
              filteringType="none"
              placeholder="Policy name or ARN"
              empty="No policies found"
            />
          </div>
          <Button onClick={() => add(text)}>Add</Button>
        </SpaceBetween>
      </FormField>
      {attach.length + detach.length > 0 && (
        <SpaceBetween size="xs">
          {attach.length > 0 && (
            <FormField label="To attach">
              <TokenGroup
                items={attach.map((arn) => ({
                  label: arnName(arn),
                  description: arn,
                  dismissLabel: `Do not attach ${arnName(arn)}`,
                }))}
                onDismiss={({ detail }) =>
                  onAttach(attach.filter((_, i) => i !== detail.itemIndex))
                }
              />
            </FormField>
          )}
          {detach.length > 0 && (
            <FormField label="To detach">
              <TokenGroup
                items={detach.map((arn) => ({
                  label: arnName(arn),
                  description: arn,
                  dismissLabel: `Keep ${arnName(arn)}`,
                }))}
                onDismiss={({ detail }) =>
                  onDetach(detach.filter((_, i) => i !== detail.itemIndex))
                }
              />
            </FormField>
          )}
        </SpaceBetween>
      )}
    </SpaceBetween>
  );
}
