/** `torale connectors available`: the toolkits the service's agent can read. */
import { availableToolkits } from "../../api/connectors.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { printToolkits } from "./render.ts";
import { connectorSession } from "./session.ts";

/** Runs `connectors available`. */
export default async function available(this: Context, _flags: NoFlags): Promise<void> {
  const session = await connectorSession(this, "available");
  const toolkits = await availableToolkits(session.api());
  await session.output(toolkits, (shown) => printToolkits(session, shown));
}
