/** Cron expressions, the way the real service's scheduler reads them (croner, UTC). */
import { Cron } from "croner";

/** Why a cron expression would be rejected by the scheduler, or undefined. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `invalid cron expression "${expression}": expected 5 fields, got ${fields.length}`;
  }
  try {
    new Cron(expression, { paused: true });
    return undefined;
  } catch (error) {
    return `invalid cron expression "${expression}": ${(error as Error).message}`;
  }
}

/** The first time after `since` that `expression` fires, in UTC; null when it never does. */
export function nextRun(expression: string, since: Date): Date | null {
  return new Cron(expression, { paused: true, timezone: "UTC" }).nextRun(since);
}
