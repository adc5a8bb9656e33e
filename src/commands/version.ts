/** `torale version` and `torale --version`. */
import type { Context } from "../kit/context.ts";
import { VERSION } from "../version.ts";

/** The version lines: CLI version, Deno version, build target. */
export function versionText(): string {
  return `torale ${VERSION}\nDeno ${Deno.version.deno}\nTarget ${Deno.build.target}\n`;
}

/** Runs `version`. */
export default function version(this: Context): void {
  this.deps.io.stdout.write(versionText());
}
