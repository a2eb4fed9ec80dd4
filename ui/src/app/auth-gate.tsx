import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import { useEffect, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { isUnauthorized } from "../api/api-error";
import { useUserProfile } from "../api/use-user-profile";
import { ApiErrorAlert } from "../components/api-error-alert";
import { PageSpinner } from "../components/page-spinner";
import { signInPath } from "../lib/safe-next";
import { SessionContext } from "./session";
import "./auth-gate.css";

interface AuthGateProps {
  children: ReactNode;
  /** Called once while the profile loads, e.g. to start fetching the children's code. */
  onLoading?: () => unknown;
}

/**
 * Renders its children only for a signed-in user. Without a session (401) it sends the
 * browser to the sign-in page with `next` set to where the user was going.
 */
export function AuthGate({ children, onLoading }: AuthGateProps) {
  const profile = useUserProfile();
  const location = useLocation();
  useEffect(() => {
    void onLoading?.();
  }, [onLoading]);

  if (profile.isError && isUnauthorized(profile.error)) {
    const here = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={signInPath(here)} replace />;
  }
  if (profile.data) {
    return <SessionContext value={profile.data}>{children}</SessionContext>;
  }
  if (profile.isError) {
    return (
      <Box padding="xxxl">
        <div className="auth-gate__message">
          <ApiErrorAlert
            header="Could not load your session"
            error={profile.error}
            action={
              <Button loading={profile.isFetching} onClick={() => void profile.refetch()}>
                Retry
              </Button>
            }
          />
        </div>
      </Box>
    );
  }
  return <PageSpinner label="Loading your session" />;
}
