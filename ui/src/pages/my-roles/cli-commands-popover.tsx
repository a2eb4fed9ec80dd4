import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Popover from "@cloudscape-design/components/popover";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { cliCommands } from "../../lib/cli-commands";

/** "Copy CLI command": a popover with the `cme` and `weep` commands for one role. */
export function CliCommandsPopover({ arn, roleName }: { arn: string; roleName: string }) {
  return (
    <Popover
      triggerType="custom"
      position="left"
      size="large"
      fixedWidth
      renderWithPortal
      header="Credentials in your terminal"
      content={
        <SpaceBetween size="s">
          {cliCommands(arn).map((cli) => (
            <div key={cli.id}>
              <Box variant="awsui-key-label">{cli.label}</Box>
              <CopyToClipboard
                variant="inline"
                textToCopy={cli.command}
                copyButtonAriaLabel={`Copy ${cli.label} command`}
                copySuccessText="Command copied"
                copyErrorText="Could not copy: select the command and copy it"
              />
            </div>
          ))}
        </SpaceBetween>
      }
    >
      <Button iconName="copy" wrapText={false} ariaLabel={`Copy CLI command for ${roleName}`}>
        Copy CLI command
      </Button>
    </Popover>
  );
}
