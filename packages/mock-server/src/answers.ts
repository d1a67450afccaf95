import type { ErrorBody } from "@aimlapi-video/types";
import type { Answer } from "./forward.js";
import { newRequestId } from "./request-ids.js";

export function jsonAnswer(status: number, value: unknown, type = "application/json"): Answer {
  return { status, headers: { "content-type": type }, body: Buffer.from(JSON.stringify(value)) };
}

/** An error the mock answers itself, in the API's error body. */
export function apiError(status: number, message: string, path: string): Answer {
  const error: ErrorBody = {
    message,
    path,
    requestId: newRequestId(),
    statusCode: status,
    timestamp: new Date().toISOString(),
  };
  return jsonAnswer(status, error);
}
