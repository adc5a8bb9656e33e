/**
 * The local API as a child process — `deno task local-api` (local_api/main.ts) or
 * `torale local-api` — started on a free port, read, and stopped by its handle.
 */
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { ENTRY, TORALE_BIN } from "./cli.ts";

const MAIN = new URL("../../local_api/main.ts", import.meta.url).pathname;

/** The local API's entry point (`deno task local-api`) as a command with `args`; output piped. */
export function localApi(args: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  });
}

/**
 * `torale local-api` with `args` as a user runs it: the CLI's own permissions (or the
 * TORALE_BIN binary), in `env` alone plus what Deno needs.
 */
export function toraleLocalApi(args: string[], env: Record<string, string>): Deno.Command {
  return new Deno.Command(TORALE_BIN ?? Deno.execPath(), {
    args: TORALE_BIN
      ? ["local-api", ...args]
      : ["run", "-q", ...cliPermissionFlags(), ENTRY, "local-api", ...args],
    cwd: new URL("../..", import.meta.url).pathname,
    clearEnv: true,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/** A local API process listening on a free port of 127.0.0.1. */
export interface ServerProcess {
  child: Deno.ChildProcess;
  url: string;
  /** Resolves with all it printed so far on `stream` (stdout unless named) once that matches. */
  until(pattern: RegExp, stream?: "stdout" | "stderr"): Promise<string>;
}

/** Reads `child`'s output all along, so that a busy server never blocks on a full pipe. */
function reader(child: Deno.ChildProcess): ServerProcess["until"] {
  const printed = { stdout: "", stderr: "" };
  let open = 2;
  let changed = Promise.withResolvers<void>();
  for (const name of ["stdout", "stderr"] as const) {
    (async () => {
      for await (const chunk of child[name].pipeThrough(new TextDecoderStream())) {
        printed[name] += chunk;
        changed.resolve();
        changed = Promise.withResolvers<void>();
      }
      open--;
      changed.resolve();
    })();
  }
  return async (pattern, stream = "stdout") => {
    while (!pattern.test(printed[stream])) {
      if (open === 0) throw new Error(`output ended before ${pattern}: ${JSON.stringify(printed)}`);
      await changed.promise;
    }
    return printed[stream];
  };
}

/** The URL in the banner, which goes to stderr once the server listens. */
const BANNER = /Local Torale API \(\w+\) on (http:\/\/\S+)/;

/** Starts `command` (a local API on port 0) and waits for its banner. */
export async function startProcess(command: Deno.Command): Promise<ServerProcess> {
  const child = command.spawn();
  const until = reader(child);
  const banner = await until(BANNER, "stderr");
  return { child, url: BANNER.exec(banner)![1], until };
}

/** Starts `deno task local-api` on `db` (a file or `:memory:`) and waits for its banner. */
export async function startServer(db: string, args: string[] = []): Promise<ServerProcess> {
  return await startProcess(localApi(["--port", "0", "--db", db, ...args]));
}

/** Stops a server started here as Ctrl-C would (SIGINT to its own pid); resolves with its status. */
export async function stopServer(server: ServerProcess): Promise<Deno.CommandStatus> {
  server.child.kill("SIGINT");
  return await server.child.status;
}
