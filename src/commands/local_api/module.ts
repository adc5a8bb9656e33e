/**
 * Loading the local API (local_api/entry.ts), and where its database lives by default.
 *
 * The specifier is computed on purpose: Deno prepares every statically analysable import
 * when a program starts, hono and node:sqlite included, and the release bundle would carry
 * the whole local API. scripts/build.ts bundles it into a file of its own beside the CLI's
 * and writes that file's name in place of the marker below.
 */
import { CliError, UsageError } from "../../errors.ts";
import { joinPath } from "../../paths.ts";

/** The local API's module, as the commands use it. */
export type LocalApiModule = typeof import("../../../local_api/entry.ts");

const BUNDLED: string = "@@TORALE_LOCAL_API@@";

/** Where the local API's module is: beside the bundle, or in the source tree. */
export function localApiModuleUrl(): string {
  const relative = BUNDLED.startsWith("@@TORALE_LOCAL_API")
    ? "../../../local_api/entry.ts"
    : BUNDLED;
  return new URL(relative, import.meta.url).href;
}

/** Imports `url`: a parameter, so that the bundle keeps an import of a name (scripts/build.ts). */
function importModule(url: string): Promise<LocalApiModule> {
  return import(url);
}

/** Loads the local API (hono, node:sqlite and all). */
export async function loadLocalApi(): Promise<LocalApiModule> {
  const url = localApiModuleUrl();
  try {
    return await importModule(url);
  } catch (error) {
    throw new CliError(`Cannot load the local API from ${url}`, {
      hints: [
        "It ships beside the CLI (torale-local-api.js next to torale.js); reinstall torale.",
      ],
      cause: error,
    });
  }
}

/**
 * The database `--db` names, else `~/.torale/local-api/torale.db`: a binary's user has no
 * clone to keep it in.
 */
export function databaseOf(db: string | undefined, homeDir: string | undefined): string {
  if (db !== undefined) return db;
  if (homeDir === undefined) {
    throw new UsageError("No home directory to keep the local API's database in", {
      hints: ["Name a file with --db, or --db :memory: for one that is forgotten on exit."],
    });
  }
  return joinPath(homeDir, ".torale", "local-api", "torale.db");
}
