/**
 * Riding out the current API's per-address limits (torale-api-current.md §2.3: public reads
 * 10 or 20 a minute, in fixed one-minute windows). Its 429 carries no Retry-After, so without
 * one a request waits a quarter of a window and asks again (a refused request does not move
 * the window), up to a bound; a Retry-After is believed while it fits in that bound.
 */
import type { Clock } from "../deps.ts";
import { ApiError, UnavailableError } from "../errors.ts";
import type { RequestOptions } from "./client.ts";

/** The wait before asking again when a 429 says nothing about when. */
export const DEFAULT_WAIT_S = 15;

/** The most one request waits in all: more than a window, so an unlucky page still gets through. */
export const MAX_TOTAL_WAIT_S = 90;

/** How a caller hears about rate-limit waits. */
export interface Patience {
  clock: Clock;
  /** Told before each wait, in whole seconds (the CLI says so on stderr). */
  onWait?: (seconds: number) => void;
  /** The most one request waits in all, in seconds ({@link MAX_TOTAL_WAIT_S} by default). */
  maxTotalWaitS?: number;
  /** The advice when it gives up ({@link PUBLIC_LIMITS_HINT} by default). */
  hint?: string;
}

/** The advice of a public read that gave up. */
export const PUBLIC_LIMITS_HINT =
  "Public routes answer 10 requests a minute per address (20 for one task): try again in a minute.";

/** The options a rate-limited request passes on to the client, so its own short waits are told. */
export type PatientOptions = Pick<RequestOptions, "onRateLimit">;

/**
 * Runs `request`, and again after each 429 once the wait has passed, until it answers or the
 * waits would pass the bound: then an {@link UnavailableError} (exit 5) naming `what`.
 */
export async function patiently<T>(
  patience: Patience,
  what: string,
  request: (options: PatientOptions) => Promise<T>,
): Promise<T> {
  const bound = patience.maxTotalWaitS ?? MAX_TOTAL_WAIT_S;
  let waited = 0;
  const options: PatientOptions = {
    onRateLimit: (seconds) => {
      waited += seconds;
      patience.onWait?.(seconds);
    },
  };
  while (true) {
    try {
      return await request(options);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 429) throw error;
      const wait = Math.max(1, error.retryAfter ?? DEFAULT_WAIT_S);
      if (waited + wait > bound) {
        throw gaveUp(what, waited, error, patience.hint ?? PUBLIC_LIMITS_HINT);
      }
      patience.onWait?.(wait);
      await patience.clock.sleep(wait * 1000);
      waited += wait;
    }
  }
}

function gaveUp(what: string, waited: number, error: ApiError, hint: string): UnavailableError {
  const asked = error.retryAfter;
  const message = waited === 0 && asked !== undefined
    ? `Rate limited by the service: ${what} may be asked again only in ${asked} s`
    : `Rate limited by the service: ${what} was still refused after waiting ${waited} s`;
  return new UnavailableError(message, {
    cause: error,
    hints: [hint],
  });
}
