/**
 * How a command rides out the service's rate limit (src/api/patience.ts): each wait said on
 * stderr, slept on the run's clock (a test's clock does not really wait).
 */
import type { Patience } from "../api/patience.ts";
import type { Session } from "./session.ts";

/** The patience of `session`'s requests; `hint` replaces the give-up's advice. */
export function sessionPatience(session: Session, hint?: string): Patience {
  return {
    clock: session.deps.clock,
    onWait: (seconds) => session.info(`rate limited by the service, retrying in ${seconds}s`),
    hint,
  };
}
