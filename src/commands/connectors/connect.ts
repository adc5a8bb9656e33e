/**
 * `torale connectors connect <toolkit>`: starts the OAuth flow, shows its URL (opening a
 * browser at a terminal, as `gh auth login` does), then waits until the connection is
 * ACTIVE. Exit 1 when it failed or expired, 124 when --timeout passed first, 130 on Ctrl-C.
 * With --no-wait the URL is the result (stdout) and nothing is waited for.
 */
import {
  type Connection,
  connectionOf,
  FAILED_STATUSES,
  listConnections,
  startConnection,
} from "../../api/connectors.ts";
import { durationText } from "../../config/duration.ts";
import { CliError, TimedOutError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import type { Session } from "../../kit/session.ts";
import { clean, forPeople } from "../../output/sanitize.ts";
import { Backoff, pollUntil } from "../task/poll.ts";
import { connectorSession, toolkitArg } from "./session.ts";

/** Flags of `connectors connect`. */
export interface ConnectFlags {
  noWait?: boolean;
  noBrowser?: boolean;
}

/** How long a connect waits for approval without --timeout. */
export const DEFAULT_CONNECT_WAIT_MS = 10 * 60_000;
/** The first pause between checks; it doubles while nothing changes, up to the cap. */
export const FIRST_CHECK_MS = 2_000;
const MAX_CHECK_MS = 10_000;

/** Runs `connectors connect <toolkit>`. */
export default async function connect(
  this: Context,
  flags: ConnectFlags,
  toolkit: string,
): Promise<void> {
  const slug = toolkitArg(toolkit);
  // While waiting, --timeout bounds the whole wait (as in task wait), not each request.
  const { timeout, timeoutText: _, ...rest } = this.globals;
  const waiting = !flags.noWait;
  const session = await connectorSession(this, "connect", waiting ? rest : this.globals);
  const { clock } = session.deps;
  const waitMs = timeout === undefined ? DEFAULT_CONNECT_WAIT_MS : timeout * 1000;
  const deadline = clock.now() + waitMs;
  const client = waiting ? session.api().withDeadline(deadline) : session.api();
  const started = await startConnection(client, slug);
  if (started.redirect_url === null) {
    // No URL means "active already" to the service; its list is what tasks are checked against.
    const connection = connectionOf(await listConnections(client), slug);
    if (connection?.status !== "ACTIVE") throw notListedActive(slug, connection);
    return await session.output(connection, () => {
      session.print(`${session.colors.ok} ${clean(slug)} is connected already`);
    });
  }
  const url = checkedUrl(started.redirect_url);
  if (!waiting) {
    return await session.output({ toolkit_slug: slug, redirect_url: url }, (shown) => {
      session.print(shown.redirect_url);
      session.info(`Open it in a browser to approve; then check with: torale connectors list`);
    });
  }
  showUrl(session, slug, url);
  if (!flags.noBrowser && mayOpenBrowser(session)) {
    const opened = await session.deps.openBrowser(url);
    session.info(
      opened
        ? "Opened it in your browser."
        : "No browser could be opened: open the URL above yourself.",
    );
  }
  const connection = await pollUntil<Connection>(session, client, {
    deadline,
    backoff: new Backoff(FIRST_CHECK_MS, MAX_CHECK_MS),
    lines: true,
    progress: `Waiting for the connection to ${slug} to be approved`,
    check: async (bounded) => {
      const found = connectionOf(await listConnections(bounded), slug);
      if (!found) throw removedWhileWaiting(slug);
      if (found.status === "ACTIVE" || FAILED_STATUSES.has(String(found.status))) {
        return { done: found };
      }
      return {
        // The spinner writes its text as it is: the server's status made safe first.
        progress: `Waiting for the connection to ${slug} to be approved (it is ${
          clean(String(found.status ?? "unknown"))
        })`,
      };
    },
    timedOut: () =>
      new TimedOutError(
        `Timed out after ${durationText(waitMs)} waiting for the connection to ${slug}`,
        {
          hints: [
            "The URL may still work: approve it, then check with: torale connectors list",
            "Wait longer with --timeout, e.g. --timeout 30m.",
          ],
        },
      ),
  });
  if (connection.status !== "ACTIVE") throw notConnected(connection);
  await session.output(connection, (shown) => {
    session.print(`${session.colors.ok} Connected ${shown.display_name} (${shown.toolkit_slug})`);
  });
}

/** The URL a connect answered, if it is a web address: nothing else is shown or opened. */
function checkedUrl(url: unknown): string {
  if (typeof url === "string") {
    try {
      const parsed = new URL(url);
      // The parsed form: the one the browser is given, with no newline or tab to start a line.
      if (parsed.protocol === "https:" || parsed.protocol === "http:") return parsed.href;
    } catch {
      // Not a URL at all: refused below.
    }
  }
  throw new CliError(`The API answered a connect URL that is not a web address`, {
    hints: [`It answered: ${clean(JSON.stringify(url))}`],
  });
}

/** The URL on stderr, on a line of its own and never wrapped, so it can be copied whole. */
function showUrl(session: Session, slug: string, url: string): void {
  session.info(`Open this URL in a browser to connect ${slug}:`);
  session.deps.io.stderr.write(`  ${forPeople(url)}\n`);
}

/** A browser is opened only for a person at a terminal, never in CI. */
function mayOpenBrowser(session: Session): boolean {
  const { io } = session.deps;
  return io.stdin.isTerminal && io.stderr.isTerminal && !inCi(session);
}

/**
 * Whether CI is set. The CLI's permissions let it read CI (scripts/permissions.ts); where they
 * do not (a custom `deno run`), it counts as unset.
 */
function inCi(session: Session): boolean {
  try {
    return Boolean(session.deps.env("CI"));
  } catch {
    return false;
  }
}

/** The connect answered no URL (active already) but the list does not show it ACTIVE. */
function notListedActive(slug: string, connection: Connection | undefined): CliError {
  const status = connection
    ? `lists it as ${clean(String(connection.status))}`
    : "does not list it";
  return new CliError(
    `The API answered that ${slug} is connected already, but ${status}`,
    { hints: [`Check with: torale connectors list`] },
  );
}

function removedWhileWaiting(slug: string): CliError {
  return new CliError(`The connection to ${slug} was removed while waiting`, {
    hints: [`Start again with: torale connectors connect ${slug}`],
  });
}

/** The error for a connection that ended FAILED, EXPIRED or INACTIVE. */
function notConnected(connection: Connection): CliError {
  const status = clean(String(connection.status));
  const slug = clean(connection.toolkit_slug);
  return new CliError(`The connection to ${slug} is ${status}`, {
    hints: [
      ...(connection.status_reason ? [`Reason: ${clean(connection.status_reason)}`] : []),
      `Try again with: torale connectors connect ${slug}`,
    ],
  });
}
