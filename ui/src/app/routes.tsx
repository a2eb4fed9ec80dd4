import { lazy, Suspense } from "react";
import type { RouteObject } from "react-router";
import { PageSpinner } from "../components/page-spinner";
import { SIGN_IN_PATH } from "../lib/safe-next";
import { AuthGate } from "./auth-gate";
import { RouteError } from "./route-error";

// Pages and the signed-in frame load on demand, so the sign-in page does not pay for
// AppLayout and the first download stays small. The frame starts loading together with the
// profile request instead of after it.
const importAppShell = () => import("./app-shell");
const AppShell = lazy(importAppShell);
const MyRolesPage = lazy(() => import("../pages/my-roles/my-roles-page"));
const RoleLoginPage = lazy(() => import("../pages/role-login/role-login-page"));
const ChallengePage = lazy(() => import("../pages/challenge/challenge-page"));
const AuditPage = lazy(() => import("../pages/audit/audit-page"));
const RoleMappingsPage = lazy(() => import("../pages/role-mappings/role-mappings-page"));
const ResourcesPage = lazy(() => import("../pages/resources/resources-page"));
const RoleDetailPage = lazy(() => import("../pages/role-detail/role-detail-page"));
const UserDetailPage = lazy(() => import("../pages/user-detail/user-detail-page"));
const ManagedPolicyDetailPage = lazy(
  () => import("../pages/managed-policy-detail/managed-policy-detail-page"),
);
const S3DetailPage = lazy(() => import("../pages/s3-detail/s3-detail-page"));
const SqsDetailPage = lazy(() => import("../pages/sqs-detail/sqs-detail-page"));
const SnsDetailPage = lazy(() => import("../pages/sns-detail/sns-detail-page"));
const LegacyResourceRedirect = lazy(
  () => import("../pages/legacy-resource/legacy-resource-redirect"),
);
const RequestsPage = lazy(() => import("../pages/requests/requests-page"));
// Both load Monaco only when they first show a diff or an editor (their own lazy chunks).
const RequestPage = lazy(() => import("../pages/request/request-page"));
const PolicyEditorPage = lazy(() => import("../pages/policy-editor/policy-editor-page"));
const AccountsPage = lazy(() => import("../pages/accounts/accounts-page"));
const AccountScpsPage = lazy(() => import("../pages/account-scps/account-scps-page"));
const NotFoundPage = lazy(() => import("../pages/not-found/not-found-page"));
const SignInPage = lazy(() => import("../pages/sign-in/sign-in-page"));

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      {
        path: SIGN_IN_PATH,
        element: (
          <Suspense fallback={<PageSpinner />}>
            <SignInPage />
          </Suspense>
        ),
      },
      {
        element: (
          <AuthGate onLoading={importAppShell}>
            <Suspense fallback={<PageSpinner label="Loading your session" />}>
              <AppShell />
            </Suspense>
          </AuthGate>
        ),
        children: [
          { index: true, element: <MyRolesPage /> },
          { path: "role/*", element: <RoleLoginPage /> },
          { path: "challenge_validator/:token", element: <ChallengePage /> },
          { path: "audit", element: <AuditPage /> },
          { path: "admin/role-mappings", element: <RoleMappingsPage /> },
          { path: "resources", element: <ResourcesPage /> },
          { path: "resources/roles/:account/:name", element: <RoleDetailPage /> },
          { path: "resources/users/:account/:name", element: <UserDetailPage /> },
          {
            path: "resources/managed-policies/:account/:name",
            element: <ManagedPolicyDetailPage />,
          },
          { path: "resources/s3/:account/:name", element: <S3DetailPage /> },
          { path: "resources/sqs/:account/:region/:name", element: <SqsDetailPage /> },
          { path: "resources/sns/:account/:region/:name", element: <SnsDetailPage /> },
          // weep's `open` command and the original ConsoleMe link here.
          { path: "policies/edit/:account/:kind/*", element: <LegacyResourceRedirect /> },
          { path: "requests", element: <RequestsPage /> },
          { path: "requests/new", element: <PolicyEditorPage /> },
          { path: "requests/:id", element: <RequestPage /> },
          { path: "accounts", element: <AccountsPage /> },
          { path: "accounts/:account/service-control-policies", element: <AccountScpsPage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
