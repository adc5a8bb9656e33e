/**
 * `torale local-api [start]`: the local API in the foreground until Ctrl-C. Its URL and the
 * next commands go to stderr, one line per request to stdout (as `webhook listen` does).
 */
import { CliError, ExitCode, QuietExit, UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { clean } from "../../output/sanitize.ts";
import { databaseOf, loadLocalApi, type LocalApiModule } from "./module.ts";
import { nextSteps } from "./next_steps.ts";
import { decodeUtf8, readInput } from "../../kit/input.ts";
import { isLoopback } from "../../api/url.ts";

/** Flags of `local-api start`. */
export interface StartFlags {
  generation: "current" | "classic";
  port: number;
  host: string;
  db?: string;
  noauth?: boolean;
  results?: string;
  rateLimit?: string;
  scheduler?: boolean;
  deliverToAccountWebhook?: boolean;
  frontendUrl?: string;
}

/** `--rate-limit` as the generation reads it: `upstream` (current) or `<n>/min` (classic). */
export function parseRateLimit(
  value: string | undefined,
  generation: StartFlags["generation"],
): number | "upstream" | undefined {
  if (value === undefined) return undefined;
  if (generation === "current") {
    if (value === "upstream") return "upstream";
    throw new UsageError(`Invalid --rate-limit "${value}"`, {
      hints: ['The current generation takes "upstream": the service\'s own per-route limits.'],
    });
  }
  const match = /^(\d+)(\/min)?$/.exec(value);
  if (!match || Number(match[1]) < 1) {
    throw new UsageError(`Invalid --rate-limit "${value}"`, {
      hints: ["The classic generation takes requests per minute per caller, e.g. 100/min."],
    });
  }
  return Number(match[1]);
}

/** Why the server could not start, saying what to do. */
function startProblem(error: unknown, host: string, port: number): CliError {
  if (error instanceof Deno.errors.AddrInUse) {
    return new CliError(`Port ${port} is in use on ${host}`, {
      hints: ["Choose another with --port, or --port 0 for any free port."],
      cause: error,
    });
  }
  if (error instanceof Deno.errors.AddrNotAvailable) {
    return new CliError(`${host} is not an address of this machine`, {
      hints: ["Choose another with --host, e.g. --host 127.0.0.1."],
      cause: error,
    });
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new CliError(`Not allowed to listen on port ${port} of ${host}`, {
      hints: ["Choose a port above 1023 with --port."],
      cause: error,
    });
  }
  return new CliError(`Cannot start the local API: ${(error as Error).message ?? error}`, {
    cause: error,
  });
}

/** The canned results file named by --results, read and checked. */
async function readResults(this: Context, module: LocalApiModule, path: string) {
  try {
    const what = `--results "${path}"`;
    const bytes = await readInput(this.deps, path, { limit: 16 * 1024 * 1024, what });
    return module.parseResults(JSON.parse(decodeUtf8(bytes, what)));
  } catch (error) {
    throw new UsageError(`Cannot use --results "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Runs the local API until Ctrl-C (exit 130). */
export default async function start(this: Context, flags: StartFlags): Promise<void> {
  const { deps } = this;
  const { stdout, stderr } = deps.io;
  const rateLimit = parseRateLimit(flags.rateLimit, flags.generation);
  const db = databaseOf(flags.db, deps.homeDir);
  const module = await loadLocalApi();
  const results = flags.results === undefined
    ? undefined
    : await readResults.call(this, module, flags.results);
  const stamp = () => new Date(deps.clock.now()).toISOString();
  const { promise: interrupted, resolve: stop } = Promise.withResolvers<void>();
  const stopListening = deps.onInterrupt(() => stop());
  let api, file;
  try {
    file = await module.prepareDatabase(db);
    api = await module.startLocalApi({
      generation: flags.generation,
      port: flags.port,
      host: flags.host,
      db: file,
      noauth: flags.noauth ?? false,
      results,
      rateLimit,
      scheduler: flags.scheduler ?? false,
      deliverToAccountWebhook: flags.deliverToAccountWebhook ?? false,
      frontendUrl: flags.frontendUrl,
      log: (line) => stdout.write(clean(`${stamp()} ${line}`) + "\n"),
      // Codes are not mailed: the user reads them here, apart from the request log.
      onVerificationCode: (email, code) =>
        stderr.write(clean(`${stamp()} email verification code for ${email}: ${code}`) + "\n"),
    });
  } catch (error) {
    stopListening();
    throw error instanceof CliError ? error : startProblem(error, flags.host, flags.port);
  }
  if (!isLoopback(new URL(api.url))) {
    stderr.write(
      flags.noauth
        ? `Warning: --noauth on ${flags.host}: anyone who can reach this machine can use this API without a key\n`
        : `Warning: listening on ${flags.host}: other machines can reach this API, over plain http\n`,
    );
  }
  const lines = nextSteps({
    url: api.url,
    generation: flags.generation,
    db: file,
    defaultDb: flags.db === undefined,
    noauth: flags.noauth ?? false,
  });
  stderr.write(clean(lines.join("\n")) + "\n");
  await interrupted;
  stopListening();
  await api.close();
  // Ctrl-C is how a server ends: a line, not an error, and 130 as for any interrupt.
  stderr.write("Stopped the local API.\n");
  throw new QuietExit(ExitCode.interrupted);
}
