/**
 * How the current generation treats a failed run (torale-api-current.md §5.4): the error's
 * text picks a category, the category a user-facing message, a retry budget and a delay.
 */

/** A category's retry policy: delay = min(base·multiplier^n, cap) seconds for retry n. */
interface Policy {
  patterns: string[];
  base: number;
  multiplier: number;
  cap: number;
  retries: number;
  message: string;
}

/**
 * In the order the real service tries them; `unknown` (no patterns) comes last. Its
 * `system_error` is recognised by exception type only (database errors), so a text never
 * reaches it here.
 */
const POLICIES: Record<string, Policy> = {
  rate_limit: {
    patterns: ["429", "rate limit", "quota"],
    base: 30,
    multiplier: 4,
    cap: 3600,
    retries: 5,
    message: "Temporarily unable to process due to high demand. We'll retry automatically.",
  },
  timeout: {
    patterns: ["timeout", "timed out"],
    base: 10,
    multiplier: 3,
    cap: 300,
    retries: 3,
    message: "The search took longer than expected. We'll try again shortly.",
  },
  network: {
    patterns: [
      "connection refused",
      "connection reset",
      "connection error",
      "failed to send",
      "all connection attempts",
    ],
    base: 10,
    multiplier: 3,
    cap: 300,
    retries: 3,
    message: "Temporary connection issue. Retrying automatically.",
  },
  agent_error: {
    patterns: ["agent task failed", "agent returned error"],
    base: 60,
    multiplier: 3,
    cap: 900,
    retries: 2,
    message: "Unable to complete the search. We'll try again.",
  },
  user_error: {
    patterns: ["invalid", "malformed"],
    base: 0,
    multiplier: 0,
    cap: 0,
    retries: 0,
    message: "",
  },
  unknown: {
    patterns: [],
    base: 300,
    multiplier: 3,
    cap: 3600,
    retries: 2,
    message: "An unexpected error occurred. We'll retry automatically.",
  },
};

/** The message a user-error run shows: the real service never shows the raw error. */
function userErrorMessage(error: string): string {
  if (error.includes("invalid")) {
    return "The request contains invalid data. Please check your input and try again.";
  }
  if (error.includes("malformed")) {
    return "The request is malformed. Please check the format and try again.";
  }
  return "Unable to process your request. Please check your input and try again.";
}

/**
 * What becomes of attempt `attempt` (0 first) that failed with `error`: the message its row
 * shows, and the seconds until the retry, or no retry when the budget is spent.
 */
export function failurePlan(
  error: string,
  attempt: number,
): { category: string; message: string; retryInSeconds?: number } {
  const text = error.toLowerCase();
  const [category, policy] =
    Object.entries(POLICIES).find(([, p]) =>
      p.patterns.some((pattern) => text.includes(pattern))
    ) ?? ["unknown", POLICIES.unknown];
  const message = category === "user_error" ? userErrorMessage(text) : policy.message;
  if (attempt >= policy.retries) return { category, message };
  const retryInSeconds = Math.min(policy.base * policy.multiplier ** attempt, policy.cap);
  return { category, message, retryInSeconds };
}
