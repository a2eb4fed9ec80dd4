import type { ErrorBody } from "./types";

/** A failed API call: either the server's error body or one made up for network/non-JSON failures. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = body.status;
    this.code = body.code;
    this.requestId = body.request_id;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function isUnauthorized(error: unknown): boolean {
  return isApiError(error) && error.status === 401;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    typeof body.status === "number" &&
    typeof body.code === "string" &&
    typeof body.message === "string" &&
    typeof body.request_id === "string"
  );
}

/** An error body without `status` (the HTTP status then says it): `{code, message, …}`. */
export function isLooseErrorBody(
  value: unknown,
): value is { code: string; message: string; request_id?: unknown } {
  if (typeof value !== "object" || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.code === "string" && typeof body.message === "string";
}
