/** `deno task local-api` as a child process: started on a free port, read, and stopped by its handle. */

const MAIN = new URL("../../local_api/main.ts", import.meta.url).pathname;

/** The local API's entry point as a command with `args`; stdout and stderr piped. */
export function localApi(args: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  });
}

/** A local API process listening on a free port of 127.0.0.1. */
export interface ServerProcess {
  child: Deno.ChildProcess;
  url: string;
  /** Resolves with all it printed so far once that matches `pattern`. */
  until(pattern: RegExp): Promise<string>;
}

/**
 * Starts the local API on `db` (a file or `:memory:`) and waits for its banner. Its stdout is
 * read all along, so that a busy server never blocks on a full pipe.
 */
export async function startServer(db: string, args: string[] = []): Promise<ServerProcess> {
  const child = localApi(["--port", "0", "--db", db, ...args]).spawn();
  let printed = "";
  let ended = false;
  let changed = Promise.withResolvers<void>();
  (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      printed += chunk;
      changed.resolve();
      changed = Promise.withResolvers<void>();
    }
    ended = true;
    changed.resolve();
  })();
  const until = async (pattern: RegExp) => {
    while (!pattern.test(printed)) {
      if (ended) throw new Error(`output ended before ${pattern}: ${printed}`);
      await changed.promise;
    }
    return printed;
  };
  const banner = await until(/listening on (http:\/\/\S+)/);
  return { child, url: /listening on (http:\/\/\S+)/.exec(banner)![1], until };
}

/** Stops a server started by `startServer` (SIGTERM to its own pid); resolves with its status. */
export async function stopServer(server: ServerProcess): Promise<Deno.CommandStatus> {
  server.child.kill("SIGTERM");
  const status = await server.child.status;
  await server.child.stderr.cancel();
  return status;
}
