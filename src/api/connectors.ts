/**
 * Connectors (current API only; torale-api-current.md §3.8): the toolkits the service's agent
 * can read from (Notion, Linear, GitHub), the user's connections to them, starting and
 * revoking one, and the check that tasks name only active connections. Free of CLI concerns:
 * `torale connectors`, task writes, `plan`/`apply` and the MCP server call these.
 */
import { ApiError, CliError } from "../errors.ts";
import type { ApiClient } from "./client.ts";

/** The collection's path, without a trailing slash (with one the service answers 307). */
export const CONNECTORS = "/api/v1/connectors";

/**
 * What a toolkit slug may look like (the service's are lowercase words: notion, linear,
 * github): checked before anything is sent, and the monitors file's schema says the same.
 */
export const TOOLKIT_SLUG_PATTERN = "^[a-z0-9][a-z0-9_-]{0,63}$";

/** A connection's status, as Composio reports it. */
export type ConnectionStatus =
  | "INITIALIZING"
  | "INITIATED"
  | "ACTIVE"
  | "FAILED"
  | "EXPIRED"
  | "INACTIVE";

/** A toolkit the service offers (`GET …/available`). */
export interface Toolkit {
  slug: string;
  display_name: string;
  description: string;
}

/** The user's connection to one toolkit (`GET /api/v1/connectors`). */
export interface Connection {
  toolkit_slug: string;
  display_name: string;
  status: ConnectionStatus | null;
  status_reason: string | null;
  connected_at: string | null;
  last_used_at: string | null;
}

/** A started connection: where the user approves it; null when it was active already. */
export interface ConnectStart {
  redirect_url: string | null;
}

/** Statuses that end a wait for approval without success. */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(["FAILED", "EXPIRED", "INACTIVE"]);

/** `GET /api/v1/connectors/available`. */
export function availableToolkits(client: ApiClient): Promise<Toolkit[]> {
  return client.get<Toolkit[]>(`${CONNECTORS}/available`, { expect: "list" });
}

/** `GET /api/v1/connectors`: only toolkits connected or attempted, in the service's order. */
export function listConnections(client: ApiClient): Promise<Connection[]> {
  return client.get<Connection[]>(CONNECTORS, { expect: "list" });
}

/** The connection to `slug` in `connections`, if any. */
export function connectionOf(connections: Connection[], slug: string): Connection | undefined {
  return connections.find((connection) => connection.toolkit_slug === slug);
}

/** `POST /api/v1/connectors/{slug}/connect`; an unknown toolkit names the ones there are. */
export async function startConnection(client: ApiClient, slug: string): Promise<ConnectStart> {
  try {
    return await client.post<ConnectStart>(
      `${CONNECTORS}/${encodeURIComponent(slug)}/connect`,
      { expect: "object" },
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new ApiError(`Unknown toolkit: "${slug}"`, {
        status: 404,
        hints: ["See the toolkits there are with: torale connectors available"],
      });
    }
    throw error;
  }
}

/** `DELETE /api/v1/connectors/{slug}`: revokes the connection (404 when there is none). */
export async function disconnect(client: ApiClient, slug: string): Promise<void> {
  try {
    await client.delete(`${CONNECTORS}/${encodeURIComponent(slug)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new ApiError(`Not connected: "${slug}"`, {
        status: 404,
        hints: ["See your connections with: torale connectors list"],
      });
    }
    throw error;
  }
}

/**
 * Checks that each of `slugs` is an ACTIVE connection of the user, with one list unless
 * `connections` is given; refuses (nothing sent) naming how to connect the others. The
 * service does not check: a task naming an inactive one runs without it.
 */
export async function requireActiveConnections(
  client: ApiClient,
  slugs: readonly string[],
  connections?: Connection[],
): Promise<void> {
  if (slugs.length === 0) return;
  const held = connections ?? await listConnections(client);
  const inactive = slugs.filter((slug) => connectionOf(held, slug)?.status !== "ACTIVE");
  if (inactive.length === 0) return;
  const named = inactive.map((slug) => `"${slug}"`).join(", ");
  const one = inactive.length === 1;
  throw new CliError(
    `${one ? "Connector" : "Connectors"} ${named} ${
      one ? "is not an active connection" : "are not active connections"
    } of your account; nothing was sent`,
    {
      hints: [
        ...inactive.map((slug) => `Connect it first: torale connectors connect ${slug}`),
        "See your connections with: torale connectors list",
      ],
    },
  );
}
