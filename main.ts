/** Entry point: the only place that exits the process. */
import { systemDeps } from "./src/system/deps.ts";
import { run } from "./src/run.ts";

Deno.exit(await run(Deno.args, systemDeps()));
