/** The config file under a test HOME, read and written as the CLI keeps it. */
import { join } from "node:path";

/** `<home>/.torale/config.json`. */
export function configPath(home: string): string {
  return join(home, ".torale", "config.json");
}

/** The parsed config file; rejects with NotFound when there is none. */
export async function readConfig(home: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(configPath(home)));
}

/**
 * Writes the config file with the CLI's modes (directory 0700, file 0600):
 * a string as it is (for broken files), anything else as JSON.
 */
export async function writeConfig(home: string, content: unknown): Promise<void> {
  await Deno.mkdir(join(home, ".torale"), { recursive: true, mode: 0o700 });
  const text = typeof content === "string" ? content : JSON.stringify(content);
  await Deno.writeTextFile(configPath(home), text, { mode: 0o600 });
}
