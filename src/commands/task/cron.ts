/** Cron schedules of the classic API: checked before any request, described in words. */
import { UsageError } from "../../errors.ts";
import { importPackage } from "../../packages.ts";

/** Why a cron expression is invalid, or undefined when it is a valid 5-field cron. */
export async function cronProblem(expression: string): Promise<string | undefined> {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  }
  const { Cron } = await importPackage("croner");
  try {
    const cron = new Cron(expression, { paused: true });
    // "0 0 31 2 *" is valid syntax for a day that never comes.
    return cron.nextRun() === null ? "it never fires (no such date)" : undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, "");
  }
}

/** Throws the usage error for an invalid cron, before any request is made. */
export async function checkCron(expression: string): Promise<void> {
  const problem = await cronProblem(expression);
  if (problem) {
    throw new UsageError(`Invalid cron expression "${expression}": ${problem}`, {
      hints: ['Example: "0 9 * * *" runs every day at 09:00 UTC; "*/30 * * * *" every 30 minutes.'],
    });
  }
}

/** `0 9 * * * UTC (At 09:00 AM)`: the cron with its meaning in words. */
export async function scheduleInWords(expression: string | undefined): Promise<string> {
  if (!expression) return "-";
  try {
    const { default: cronstrue } = await importPackage("cronstrue");
    // Torale runs schedules in UTC; say so where the time is.
    return `${expression} UTC (${cronstrue.toString(expression, { verbose: false })})`;
  } catch {
    return expression;
  }
}
