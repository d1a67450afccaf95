import { describeUrl } from "./download-errors.js";
import { RedirectError } from "./errors.js";
import type { HttpAnswer } from "./http.js";

/** Same-origin redirects a read follows in a row; the API itself sends none. */
export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Where a redirect sends the request next; undefined when the answer is not a redirect. A read
 * follows one on the same origin only (the request carries the key, and an answer from elsewhere
 * is not the API's). A create follows none: a create is never sent twice. Anything not followed
 * throws RedirectError. Status 0 is a browser's opaque answer to a redirect under `manual`.
 */
export function nextHop(
  answer: Pick<HttpAnswer, "status" | "headers">,
  url: string,
  idempotent: boolean,
  hops: number,
): string | undefined {
  const { status } = answer;
  if (status !== 0 && !REDIRECTS.has(status)) return undefined;
  const location = answer.headers.get("location");
  const target =
    location !== null && URL.canParse(location, url) ? new URL(location, url) : undefined;
  const where = target && describeUrl(target.href);
  const what = status === 0 ? "a redirect" : `${status}`;
  const refuse = (message: string, mayHaveCreatedTask = false) =>
    new RedirectError(message, {
      status: status || undefined,
      location: where,
      mayHaveCreatedTask,
    });
  if (!idempotent) {
    // A 307 or 308 asks for the same request elsewhere: this server did not act on it. A 301, 302
    // or 303 (or a redirect the browser hides) may come after it did.
    const unacted = status === 307 || status === 308;
    throw refuse(
      `The API answered the create with ${what}${where ? ` to ${where}` : ""}; not followed, as a create is never sent twice.${
        unacted ? ` A ${status} asks for the same request elsewhere: no task was created here.` : ""
      } Check baseUrl.`,
      !unacted,
    );
  }
  if (!target) throw refuse(`The API answered ${what} without a usable Location; not followed.`);
  if (target.origin !== new URL(url).origin) {
    throw refuse(
      `The API answered ${what} to another origin (${where}); not followed, as the request carries the API key. Check baseUrl.`,
    );
  }
  if (hops >= MAX_REDIRECTS) {
    throw refuse(
      `More than ${MAX_REDIRECTS} redirects in a row (the last a ${what} to ${where}); not followed.`,
    );
  }
  return target.href;
}
