/** How toolkits and connections look to people; `--json`/`--yaml` print the API's objects. */
import type { Connection, Toolkit } from "../../api/connectors.ts";
import type { Session } from "../../kit/session.ts";
import { formatTime, relativeTime } from "../../output/time.ts";

/** The toolkits the service offers, one row each. */
export function printToolkits(session: Session, toolkits: Toolkit[]): void {
  if (toolkits.length === 0) return session.print("No toolkits are offered.");
  session.table(
    [{ header: "TOOLKIT" }, { header: "NAME" }, { header: "DESCRIPTION", shrink: true }],
    toolkits.map((toolkit) => [toolkit.slug, toolkit.display_name, toolkit.description]),
  );
}

/** The user's connections, one row each; the reason of one that failed. */
export function printConnections(session: Session, connections: Connection[]): void {
  if (connections.length === 0) {
    session.print("No connectors connected.");
    return session.info("Connect one with: torale connectors connect <toolkit>");
  }
  const now = session.deps.clock.now();
  const when = (iso: string | null) =>
    session.compact ? (iso ? relativeTime(iso, now) : "-") : formatTime(iso);
  session.table(
    [
      { header: "TOOLKIT" },
      { header: "NAME", drop: 3 },
      { header: "STATUS" },
      { header: "CONNECTED", drop: 2 },
      { header: "LAST USED", drop: 1 },
      { header: "REASON", shrink: true },
    ],
    connections.map((connection) => [
      connection.toolkit_slug,
      connection.display_name,
      connection.status ?? "-",
      when(connection.connected_at),
      when(connection.last_used_at),
      connection.status_reason ?? "",
    ]),
  );
}
