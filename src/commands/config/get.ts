/** `torale config get <key>`: one effective setting. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { checkKey, effectiveSettings } from "./settings.ts";

/** Runs `config get <key>`: the effective value (the key masked, the generation detected). */
export default async function get(this: Context, _flags: NoFlags, key: string): Promise<void> {
  const name = checkKey(key);
  const session = await Session.open(this.deps, this.globals);
  let entry = effectiveSettings(session)[name];
  // Asked for by name, `auto` is resolved: the one config read that asks the API (GET /health).
  if (name === "api_generation" && entry.value === "auto") {
    entry = { value: await session.generation(), source: "detected (GET /health)" };
  }
  await session.output(entry, (entry) => {
    session.print(entry.value === null ? "" : String(entry.value));
  });
}
