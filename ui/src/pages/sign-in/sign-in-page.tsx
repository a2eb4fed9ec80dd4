import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Divider from "@cloudscape-design/components/divider";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { Fragment, type ReactNode } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { oidcLoginUrl } from "../../api/auth-urls";
import type { AuthMethods, DevLoginRequest } from "../../api/types";
import { useAuthMethods, useDevLogin } from "../../api/use-auth";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { safeNextPath } from "../../lib/safe-next";
import { DevLoginForm } from "./dev-login-form";
import { DevUsersTable } from "./dev-users-table";
import "./sign-in-page.css";

function SingleSignOn({ next }: { next: string }) {
  return (
    <Button variant="primary" fullWidth href={oidcLoginUrl(next)}>
      Sign in with single sign-on
    </Button>
  );
}

function DevSignIn({ methods, next }: { methods: AuthMethods; next: string }) {
  const navigate = useNavigate();
  const devLogin = useDevLogin();
  const signIn = (request: DevLoginRequest) =>
    devLogin.mutate(request, { onSuccess: () => void navigate(next, { replace: true }) });
  const pendingUser = devLogin.isPending ? (devLogin.variables?.user ?? null) : null;
  const fromForm = pendingUser !== null && !methods.dev_users.some((u) => u.user === pendingUser);

  return (
    <SpaceBetween size="l">
      {devLogin.isError && (
        <ApiErrorAlert header="Sign-in failed" error={devLogin.error} onDismiss={devLogin.reset} />
      )}
      <Header variant="h2" description="Development mode: pick a user to act as.">
        Development users
      </Header>
      <DevUsersTable
        users={methods.dev_users}
        pendingUser={fromForm ? null : pendingUser}
        onSignIn={(user) => signIn({ user: user.user, groups: user.groups })}
      />
      <ExpandableSection headerText="Sign in as another user" variant="footer">
        <DevLoginForm pending={fromForm} onSubmit={signIn} />
      </ExpandableSection>
    </SpaceBetween>
  );
}

function SignInOptions({ methods, next }: { methods: AuthMethods; next: string }) {
  const offered = new Set(methods.methods);
  const sections: { key: string; content: ReactNode }[] = [];
  if (offered.has("oidc")) sections.push({ key: "oidc", content: <SingleSignOn next={next} /> });
  if (offered.has("header")) {
    sections.push({
      key: "header",
      content: (
        <Box variant="p" color="text-body-secondary">
          Sign-in is handled by your organization&apos;s access proxy. If you are seeing this page,
          reload it; if it comes back, contact your administrator.
        </Box>
      ),
    });
  }
  if (offered.has("dev")) {
    sections.push({ key: "dev", content: <DevSignIn methods={methods} next={next} /> });
  }
  if (sections.length === 0) {
    return (
      <Box variant="p" color="text-body-secondary">
        No sign-in method is configured on this server.
      </Box>
    );
  }
  return (
    <SpaceBetween size="l">
      {sections.map((section, index) => (
        <Fragment key={section.key}>
          {index > 0 && <Divider>or</Divider>}
          {section.content}
        </Fragment>
      ))}
    </SpaceBetween>
  );
}

export default function SignInPage() {
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get("next"));
  const methods = useAuthMethods();
  const siteName = methods.data?.site_name || "ConsoleMe";

  return (
    <main className="sign-in-page">
      <div className="sign-in-page__card">
        <Container
          header={
            <Header variant="h1" description="Access to your AWS accounts, roles and resources.">
              <span className="sign-in-page__brand">
                <img src="/favicon.svg" alt="" width={28} height={28} />
                {siteName}
              </span>
            </Header>
          }
        >
          {methods.isPending && (
            <Box textAlign="center" padding="l">
              <Spinner size="large" />
            </Box>
          )}
          {methods.isError && (
            <ApiErrorAlert
              header="Could not load sign-in options"
              error={methods.error}
              action={
                <Button loading={methods.isFetching} onClick={() => void methods.refetch()}>
                  Retry
                </Button>
              }
            />
          )}
          {methods.data && <SignInOptions methods={methods.data} next={next} />}
        </Container>
      </div>
    </main>
  );
}
