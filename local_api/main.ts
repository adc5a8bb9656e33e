/**
 * `deno task local-api [--generation current|classic] [--port 8000] [--host 127.0.0.1]
 *   [--db <file>|:memory:] [--noauth] [--results <file.json>] [--rate-limit upstream|<n>/min]
 *   [--scheduler]`
 * `deno task local-api create-key --email you@example.com [--name "CLI Key"] [--db <file>]`
 */
import { parseArgs } from "node:util";
import { dirname, join } from "node:path";
import { parseResults } from "./executor.ts";
import { createKey } from "./keys.ts";
import { type Generation, type LocalApiOptions, startLocalApi } from "./server.ts";
import { openStorage } from "./storage/mod.ts";

const DEFAULT_DB = join(import.meta.dirname!, "..", ".local-api", "torale.db");

const USAGE = `Usage:
  deno task local-api [--generation current|classic] [--port 8000] [--host 127.0.0.1]
                      [--db <file>|:memory:] [--noauth] [--results <file.json>]
                      [--rate-limit upstream|<n>/min] [--scheduler]
  deno task local-api create-key --email you@example.com [--name "CLI Key"] [--db <file>]

  --generation  current (default): the API the real service runs today (April 2026)
                classic: the December 2025 API (cron schedules, preview)
  --rate-limit  current: "upstream", the real service's per-route limits
                classic: <n>/min per caller, with X-RateLimit-* headers`;

function fail(message: string): never {
  console.error(`Error: ${message}\n\n${USAGE}`);
  Deno.exit(2);
}

/** Why the server could not start, in one line that says what to do. */
function startProblem(error: unknown, host: string, port: number): string {
  if (error instanceof Deno.errors.AddrInUse) {
    return `port ${port} is in use on ${host}; choose another with --port`;
  }
  if (error instanceof Deno.errors.AddrNotAvailable) {
    return `${host} is not an address of this machine; choose another with --host`;
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return `not allowed to listen on port ${port} of ${host}; choose one above 1023 with --port`;
  }
  return `cannot start the local API: ${(error as Error).message ?? error}`;
}

/** `--rate-limit` as the generation reads it: `upstream` (current) or `<n>/min` (classic). */
function parseRateLimit(
  value: string | undefined,
  generation: Generation,
): LocalApiOptions["rateLimit"] {
  if (value === undefined) return undefined;
  if (generation === "current") {
    if (value !== "upstream") {
      fail(`invalid --rate-limit "${value}" (the current generation takes "upstream")`);
    }
    return "upstream";
  }
  const match = /^(\d+)(\/min)?$/.exec(value);
  if (!match || Number(match[1]) < 1) {
    fail(`invalid --rate-limit "${value}" (expected e.g. 100/min)`);
  }
  return Number(match[1]);
}

async function main(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        generation: { type: "string", default: "current" },
        port: { type: "string", default: "8000" },
        host: { type: "string", default: "127.0.0.1" },
        db: { type: "string", default: DEFAULT_DB },
        noauth: { type: "boolean", default: false },
        results: { type: "string" },
        "rate-limit": { type: "string" },
        scheduler: { type: "boolean", default: false },
        email: { type: "string" },
        name: { type: "string", default: "CLI Key" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const db = values.db;
  if (db !== ":memory:") await Deno.mkdir(dirname(db), { recursive: true });

  if (positionals[0] === "create-key") {
    if (!values.email) fail("create-key needs --email");
    const storage = openStorage(db);
    try {
      const key = await createKey(storage, { email: values.email, name: values.name });
      console.error(
        `Created key "${values.name}" for ${values.email} (earlier keys revoked). It is shown only once:`,
      );
      console.log(key);
    } finally {
      storage.close();
    }
    return;
  }
  if (positionals.length > 0) fail(`unknown command "${positionals[0]}"`);

  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port "${values.port}"`);
  const generation = values.generation as Generation;
  if (generation !== "current" && generation !== "classic") {
    fail(`invalid --generation "${values.generation}" (expected current or classic)`);
  }
  const rateLimit = parseRateLimit(values["rate-limit"], generation);
  let results;
  if (values.results) {
    try {
      results = parseResults(JSON.parse(await Deno.readTextFile(values.results)));
    } catch (error) {
      fail(`cannot use --results ${values.results}: ${(error as Error).message}`);
    }
  }

  let api;
  try {
    api = await startLocalApi({
      generation,
      port,
      host: values.host,
      db,
      noauth: values.noauth,
      results,
      rateLimit,
      scheduler: values.scheduler,
      log: (line) => console.log(`${new Date().toISOString()} ${line}`),
      // Codes are not mailed: the user reads them here, on stderr, apart from the request log.
      onVerificationCode: (email, code) =>
        console.error(`${new Date().toISOString()} email verification code for ${email}: ${code}`),
    });
  } catch (error) {
    console.error(`Error: ${startProblem(error, values.host, port)}`);
    Deno.exit(1);
  }
  console.log(
    `Local Torale API listening on ${api.url} (${generation} generation, database: ${db}${
      values.noauth ? ", NOAUTH" : ""
    })`,
  );
  const stop = async () => {
    console.log("Shutting down");
    await api.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
}

await main(Deno.args);
