/**
 * The Deno cache directory of this machine. Child processes that run with a
 * temporary HOME get it explicitly, or they would start an empty cache and
 * try to download every dependency again.
 */
let cached: string | undefined;

/** DENO_DIR when set, else the one `deno info` reports. */
export async function denoDir(): Promise<string> {
  if (cached) return cached;
  const fromEnv = Deno.env.get("DENO_DIR");
  if (fromEnv) return cached = fromEnv;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  return cached = JSON.parse(new TextDecoder().decode(output.stdout)).denoDir as string;
}
