import Box from "@cloudscape-design/components/box";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";

/** The change as Terraform, in a code block with a copy button. */
export function TerraformSnippet({ code, label }: { code: string; label: string }) {
  if (!code.trim()) return <Box color="text-status-inactive">No Terraform for this change.</Box>;
  return (
    <div className="request-page__code">
      <div className="request-page__code-copy">
        <CopyToClipboard
          variant="icon"
          textToCopy={code}
          copyButtonAriaLabel={`Copy ${label}`}
          copySuccessText="Terraform copied"
          copyErrorText="Terraform could not be copied"
        />
      </div>
      <pre aria-label={label}>{code}</pre>
    </div>
  );
}
