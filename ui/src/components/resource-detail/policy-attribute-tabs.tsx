import Tabs from "@cloudscape-design/components/tabs";
import { KeyValueTable } from "./key-value-table";
import { ResourcePolicy } from "./resource-policy";

interface PolicyAttributeTabsProps {
  /** Lower-case noun for texts, e.g. "topic". */
  noun: string;
  policy: Parameters<typeof ResourcePolicy>[0]["policy"];
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

/** Access policy, attributes and tags of a queue or topic, as tabs. */
export function PolicyAttributeTabs({ noun, policy, attributes, tags }: PolicyAttributeTabsProps) {
  const title = noun.charAt(0).toUpperCase() + noun.slice(1);
  return (
    <Tabs
      ariaLabel={`${title} details`}
      tabs={[
        {
          id: "policy",
          label: "Access policy",
          content: <ResourcePolicy policy={policy} what="access policy" />,
        },
        {
          id: "attributes",
          label: "Attributes",
          content: (
            <KeyValueTable
              title="Attributes"
              keyLabel="Attribute"
              entries={attributes}
              empty="No attributes."
            />
          ),
        },
        {
          id: "tags",
          label: `Tags (${Object.keys(tags).length})`,
          content: (
            <KeyValueTable title="Tags" entries={tags} empty={`This ${noun} has no tags.`} />
          ),
        },
      ]}
    />
  );
}
