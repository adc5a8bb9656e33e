/** `torale config path`: where the config file is. */
import type { Context } from "../../kit/context.ts";
import { configStore } from "../../config/store.ts";

/** Runs `config path`. */
export default function path(this: Context): void {
  this.deps.io.stdout.write(configStore(this.deps).path + "\n");
}
