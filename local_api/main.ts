/**
 * `deno task local-api [start|create-key] [flags]`: `torale local-api` run from the clone (see
 * `torale local-api --help`; the flags and the start-up are the CLI's, src/commands/local_api/),
 * except that the database is `.local-api/torale.db` in the clone unless --db names one.
 */
import { join } from "node:path";
import { run } from "../src/run.ts";
import { systemDeps } from "../src/system/deps.ts";

const DEFAULT_DB = join(import.meta.dirname!, "..", ".local-api", "torale.db");

/** `args` for `torale local-api`, with the clone's database unless one is named. */
export function localApiArgs(args: readonly string[]): string[] {
  const named = args.some((arg) => arg === "--db" || arg.startsWith("--db="));
  const help = args.some((arg) => arg === "--help" || arg === "-h");
  return ["local-api", ...args, ...(named || help ? [] : ["--db", DEFAULT_DB])];
}

if (import.meta.main) Deno.exit(await run(localApiArgs(Deno.args), systemDeps()));
