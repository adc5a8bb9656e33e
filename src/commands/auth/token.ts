/** `torale auth token`: the key in use on stdout, for other tools. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { AuthError } from "../../errors.ts";

/** Runs `auth token`: the key in use on stdout, nothing else. */
export default async function token(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const key = session.settings.apiKey.value;
  if (!key) {
    throw new AuthError("No API key configured", {
      hints: ["Run `torale auth set-api-key`, set TORALE_API_KEY, or pass --api-key."],
    });
  }
  // The one command whose purpose is to print the key: raw, for $(torale auth token).
  this.deps.io.stdout.write(key + "\n");
}
