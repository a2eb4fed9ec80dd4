/** One way to get credentials for a role from a terminal. */
export interface CliCommand {
  id: string;
  label: string;
  command: string;
}

/** The `cme` and `weep` commands that fetch credentials for `arn`. */
export function cliCommands(arn: string): CliCommand[] {
  return [
    {
      id: "cme-process",
      label: "cme credential process",
      command: `cme credential-process ${arn}`,
    },
    { id: "cme-export", label: "cme export", command: `cme export ${arn}` },
    {
      id: "weep-process",
      label: "weep credential process",
      command: `weep credential_process ${arn}`,
    },
    { id: "weep-export", label: "weep export", command: `weep export ${arn}` },
  ];
}
