import { Navigate, useParams } from "react-router";
import NotFoundPage from "../not-found/not-found-page";
import { legacyResourcePath } from "../../lib/resource-paths";

/**
 * `/policies/edit/<account>/<kind>/[<region>/]<name>`: the paths weep's `open` command and the
 * original ConsoleMe use. They lead to the resource's detail page.
 */
export default function LegacyResourceRedirect() {
  const { account = "", kind = "", "*": rest = "" } = useParams();
  const target = legacyResourcePath(account, kind, rest);
  if (target === null) return <NotFoundPage />;
  return <Navigate to={target} replace />;
}
