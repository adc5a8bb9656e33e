/** `torale connectors list`: the user's connections, with their status. */
import { listConnections } from "../../api/connectors.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { printConnections } from "./render.ts";
import { connectorSession } from "./session.ts";

/** Runs `connectors list`. */
export default async function list(this: Context, _flags: NoFlags): Promise<void> {
  const session = await connectorSession(this, "list");
  const connections = await listConnections(session.api());
  await session.output(connections, (shown) => printConnections(session, shown));
}
