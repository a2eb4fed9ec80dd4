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
const HomePage = lazy(() => import("../pages/home/home-page"));
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
          { index: true, element: <HomePage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
