import { isApiError } from "../../api/api-error";

/** What went wrong with a CLI sign-in challenge, in the user's terms. */
export interface ChallengeProblem {
  header: string;
  hint: string;
}

const RUN_AGAIN = "Run the command in your terminal again to get a new sign-in link.";

const PROBLEMS: Record<string, ChallengeProblem> = {
  challenge_expired: { header: "This sign-in request has expired", hint: RUN_AGAIN },
  challenge_unknown: {
    header: "This sign-in request is unknown or has expired",
    hint: RUN_AGAIN,
  },
  challenge_used: {
    header: "This sign-in request was already used",
    hint: `A sign-in link works once. ${RUN_AGAIN}`,
  },
  challenge_ip: {
    header: "This sign-in request came from another IP address",
    hint: "Approve it from the same network as the terminal that asked (turn your VPN on or off to match), then run the command again.",
  },
  challenge_user: {
    header: "This sign-in request is for another user",
    hint: "Sign in to ConsoleMe as the user the terminal asked for, or run the command again with your own user name.",
  },
  challenge_nonce: { header: "This approval did not match the request", hint: RUN_AGAIN },
  browser_only: {
    header: "Approve from a browser session",
    hint: "Open the link in your browser, signed in to ConsoleMe.",
  },
};

export function challengeProblem(error: unknown): ChallengeProblem {
  const code = isApiError(error) ? error.code : "";
  return (
    PROBLEMS[code] ?? {
      header: "Could not complete the sign-in",
      hint: "Try again; if it keeps failing, run the command in your terminal again.",
    }
  );
}
