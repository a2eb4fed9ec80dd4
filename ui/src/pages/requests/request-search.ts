import type { RequestStatus } from "../../api/types";

/** All requests the user may see, or only those waiting for their approval. */
export type RequestView = "all" | "awaiting";

/** The request list's view and filters as the URL and the API know them; "" means any. */
export interface RequestSearch {
  view: RequestView;
  status: RequestStatus | "";
  requester: string;
  account: string;
  arn: string;
  order: "newest" | "oldest";
}

export const STATUSES: readonly RequestStatus[] = [
  "pending",
  "approved",
  "applied",
  "rejected",
  "cancelled",
  "failed",
];

export const EMPTY_SEARCH: RequestSearch = {
  view: "all",
  status: "",
  requester: "",
  account: "",
  arn: "",
  order: "newest",
};

function isStatus(value: string | null | undefined): value is RequestStatus {
  return (STATUSES as readonly (string | null | undefined)[]).includes(value);
}

/** A status from the URL or a select; "" (any) for anything else. */
export function statusFrom(value: string | null | undefined): RequestStatus | "" {
  return isStatus(value) ? value : "";
}

export function searchFromParams(params: URLSearchParams): RequestSearch {
  const order = params.get("order") === "oldest" ? "oldest" : "newest";
  // Waiting for my approval: pending by definition, so the other filters do not apply.
  if (params.get("view") === "awaiting") return { ...EMPTY_SEARCH, view: "awaiting", order };
  return {
    view: "all",
    status: statusFrom(params.get("status")),
    requester: params.get("requester")?.trim() ?? "",
    account: params.get("account")?.trim() ?? "",
    arn: params.get("arn")?.trim() ?? "",
    order,
  };
}

/** Query-string parameters of a search; defaults left out so links stay short. */
export function searchToParams(search: RequestSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.view === "awaiting") {
    params.set("view", "awaiting");
  } else {
    for (const key of ["status", "requester", "account", "arn"] as const) {
      if (search[key]) params.set(key, search[key]);
    }
  }
  if (search.order === "oldest") params.set("order", "oldest");
  return params;
}

/** True when any filter (not the view or the order) narrows the list. */
export function isFiltered(search: RequestSearch): boolean {
  return Boolean(search.status || search.requester || search.account || search.arn);
}
