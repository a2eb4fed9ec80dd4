import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { useEffect, useRef } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { isApiError } from "../../api/api-error";
import { useRoleLogin } from "../../api/use-role-login";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { useRouterFollow } from "../../components/use-router-follow";
import { leaveApp } from "../../lib/leave-app";
import { consoleSignInPath } from "../../lib/role-arn";
import { RoleChooser } from "./role-chooser";

function BackToRoles() {
  const onFollow = useRouterFollow();
  return (
    <Link href="/" onFollow={onFollow}>
      Back to My roles
    </Link>
  );
}

/**
 * `/role/<query>`: AWS console sign-in as the role `query` names (a full ARN or a search
 * string), the page weep's `console` command opens. `r` (region) and `redirect` (a console
 * deep link) are passed on to the server.
 */
export default function RoleLoginPage() {
  const query = useParams()["*"] ?? "";
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useRoleLogin({
    query,
    region: params.get("r") ?? undefined,
    redirect: params.get("redirect") ?? undefined,
  });
  const followed = useRef<string | null>(null);
  const answer = login.data;

  useEffect(() => {
    if (answer?.reason !== "console_login" || followed.current === answer.redirect_url) return;
    followed.current = answer.redirect_url;
    leaveApp.assign(answer.redirect_url);
  }, [answer]);

  const header = <Header variant="h1">Sign in to the AWS console</Header>;
  if (query === "") {
    return (
      <ContentLayout header={header}>
        <Alert type="error" header="No role given" action={<BackToRoles />}>
          The address names no role. Open <Box variant="code">/role/&lt;role ARN or search&gt;</Box>
          , or pick a role on My roles.
        </Alert>
      </ContentLayout>
    );
  }
  if (login.isError) {
    const noMatch = isApiError(login.error) && login.error.status === 404;
    return (
      <ContentLayout header={header}>
        <SpaceBetween size="m">
          <ApiErrorAlert
            header={
              noMatch ? `No console role of yours matches “${query}”` : "Could not sign you in"
            }
            error={login.error}
            action={
              noMatch ? undefined : <Button onClick={() => void login.refetch()}>Retry</Button>
            }
          />
          <BackToRoles />
        </SpaceBetween>
      </ContentLayout>
    );
  }
  if (answer?.reason === "multiple_roles") {
    return (
      <ContentLayout header={header}>
        <SpaceBetween size="m">
          <RoleChooser
            query={query}
            roles={answer.roles}
            onChoose={(arn) => void navigate(consoleSignInPath(arn, params))}
          />
          <BackToRoles />
        </SpaceBetween>
      </ContentLayout>
    );
  }
  return (
    <ContentLayout header={header}>
      <Container>
        <SpaceBetween size="s">
          <Box variant="h2" tagOverride="p">
            <Spinner size="big" />{" "}
            {answer
              ? `Opening the AWS console as ${answer.role ?? query}…`
              : `Signing you in as ${query}…`}
          </Box>
          {answer && (
            <Box color="text-body-secondary">
              Nothing happening?{" "}
              <Link href={answer.redirect_url} external>
                Open the AWS console
              </Link>
            </Box>
          )}
        </SpaceBetween>
      </Container>
    </ContentLayout>
  );
}
