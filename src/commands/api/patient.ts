/** `torale api`'s requests, patient with the service's rate limit. */
import type { ApiClient, RawAnswer, RequestOptions } from "../../api/client.ts";
import { parseJson } from "../../api/decode.ts";
import { retryAfterSeconds } from "../../api/errors.ts";
import { patiently } from "../../api/patience.ts";
import { ApiError } from "../../errors.ts";
import { sessionPatience } from "../../kit/patience.ts";
import type { Session } from "../../kit/session.ts";

/** What a request that gave up on the rate limit advises. */
const LIMITS_HINT =
  "The service limits requests a minute (public reads per address; creates and keys per key): try again in a minute.";

/**
 * `client.raw`, a 429 ridden out as the public commands do: upstream's limiter answers without
 * Retry-After, so the wait is 15 s (or what Retry-After says), said on stderr, until 90 s in
 * all (then exit 5). A 429 is refused before the route runs, so even a write is sent again.
 */
export async function patientRaw(
  session: Session,
  client: ApiClient,
  request: { method: string; pathname: string; options: RequestOptions },
): Promise<RawAnswer> {
  const { method, pathname, options } = request;
  const patience = sessionPatience(session, LIMITS_HINT);
  return await patiently(patience, `${method} ${pathname}`, async (patient) => {
    const answer = await client.raw(method, pathname, { ...options, ...patient });
    if (answer.status !== 429) return answer;
    const json = parseJson(answer.text);
    throw new ApiError(`${method} ${pathname} answered 429`, {
      status: 429,
      retryAfter: retryAfterSeconds(answer.headers, json, session.deps.clock.now()),
    });
  });
}
