import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import TokenGroup from "@cloudscape-design/components/token-group";
import { useState } from "react";
import { isTagText, TAG_TEXT_HINT } from "../../lib/iam-input";
import type { TagEdit } from "./policy-draft";

interface TagsTabProps {
  tags: Record<string, string>;
  setTags: readonly TagEdit[];
  removeTags: readonly string[];
  onSet: (tags: TagEdit[]) => void;
  onRemove: (keys: string[]) => void;
}

/** Tags to set (add or change) or remove. */
export function TagsTab({ tags, setTags, removeTags, onSet, onRemove }: TagsTabProps) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const rows = Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tagKey, tagValue]) => ({ key: tagKey, value: tagValue }));

  const add = () => {
    const k = key.trim();
    if (!k) return setError("Enter a key.");
    if (!isTagText(k) || !isTagText(value)) {
      return setError(TAG_TEXT_HINT);
    }
    setError(null);
    setKey("");
    setValue("");
    onSet([...setTags.filter((tag) => tag.key !== k), { key: k, value }]);
    onRemove(removeTags.filter((removed) => removed !== k));
  };
  const toggleRemove = (tagKey: string) =>
    onRemove(
      removeTags.includes(tagKey)
        ? removeTags.filter((k) => k !== tagKey)
        : [...removeTags, tagKey],
    );

  return (
    <SpaceBetween size="l">
      <Table
        variant="embedded"
        header={
          <Header variant="h3" counter={`(${rows.length})`}>
            Tags now
          </Header>
        }
        ariaLabels={{ tableLabel: "Tags now" }}
        items={rows}
        trackBy="key"
        columnDefinitions={[
          { id: "key", header: "Key", cell: (row) => row.key, isRowHeader: true },
          {
            id: "value",
            header: "Value",
            cell: (row) => row.value || <Box color="text-status-inactive">(empty)</Box>,
          },
          {
            id: "action",
            header: "Change",
            cell: (row) => (
              <Button
                variant="inline-link"
                ariaLabel={`${removeTags.includes(row.key) ? "Keep" : "Remove"} tag ${row.key}`}
                onClick={() => toggleRemove(row.key)}
              >
                {removeTags.includes(row.key) ? "Keep" : "Remove"}
              </Button>
            ),
            width: 120,
          },
        ]}
        empty={<Box color="text-status-inactive">No tags.</Box>}
      />
      <SpaceBetween size="xs">
        <Header variant="h3" description="Adds the tag, or changes its value if the key exists.">
          Set a tag
        </Header>
        <SpaceBetween direction="horizontal" size="xs" alignItems="end">
          <FormField label="Tag key" errorText={error}>
            <Input
              value={key}
              placeholder="e.g. team"
              onChange={({ detail }) => setKey(detail.value)}
            />
          </FormField>
          <FormField label="Tag value">
            <Input
              value={value}
              placeholder="e.g. reports"
              onChange={({ detail }) => setValue(detail.value)}
            />
          </FormField>
          <Button onClick={add}>Add tag</Button>
        </SpaceBetween>
      </SpaceBetween>
      {setTags.length + removeTags.length > 0 && (
        <SpaceBetween size="xs">
          {setTags.length > 0 && (
            <FormField label="To set">
              <TokenGroup
                items={setTags.map((tag) => ({
                  label: `${tag.key} = ${tag.value}`,
                  dismissLabel: `Do not set ${tag.key}`,
                }))}
                onDismiss={({ detail }) => onSet(setTags.filter((_, i) => i !== detail.itemIndex))}
              />
            </FormField>
          )}
          {removeTags.length > 0 && (
            <FormField label="To remove">
              <TokenGroup
                items={removeTags.map((tagKey) => ({
                  label: tagKey,
                  dismissLabel: `Keep ${tagKey}`,
                }))}
                onDismiss={({ detail }) =>
                  onRemove(removeTags.filter((_, i) => i !== detail.itemIndex))
                }
              />
            </FormField>
          )}
        </SpaceBetween>
      )}
    </SpaceBetween>
  );
}
