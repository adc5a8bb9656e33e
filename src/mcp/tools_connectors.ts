/**
 * The connector tools of the current API (Notion, Linear, GitHub for a task's agent to read):
 * list_connectors, connect_connector, disconnect_connector. They call the same functions as
 * `torale connectors …` and, on the classic API, refuse with the same reason (nothing sent).
 */
import {
  availableToolkits,
  type Connection,
  connectionOf,
  disconnect,
  listConnections,
  startConnection,
  TOOLKIT_SLUG_PATTERN,
} from "../api/connectors.ts";
import { requireCurrent } from "../api/generation.ts";
import { ApiError, CliError } from "../errors.ts";
import type { McpContext } from "./context.ts";
import { answer } from "./results.ts";
import type { McpServer } from "./sdk.ts";
import { addTool, READ } from "./tool.ts";

/** What connectors arrived with, as `torale connectors` says it. */
const ARRIVED = "Connectors (Notion, Linear, GitHub)";

/** Refuses on the classic API with the reason `torale connectors <verb>` gives. */
async function requireConnectors(context: McpContext, verb: string) {
  const client = context.api();
  requireCurrent(await context.generation(), `connectors ${verb}`, client.baseUrl, ARRIVED);
  return client;
}

/**
 * The approval URL the service answered, if it is a web address: nothing else is handed on. Its
 * parsed form: what a browser opens, without the tabs and line breaks a URL parser drops (they
 * would start lines of their own in the text the agent reads).
 */
function webUrl(url: unknown): string {
  try {
    const { protocol, href } = new URL(String(url));
    if (typeof url === "string" && (protocol === "https:" || protocol === "http:")) return href;
  } catch {
    // Not a URL at all: refused below.
  }
  throw new CliError("The API answered a connect URL that is not a web address", {
    hints: [`It answered: ${JSON.stringify(url)}`],
  });
}

/** Registers the connector tools. */
export function addConnectorTools(server: McpServer, context: McpContext): void {
  const { z } = context.sdk;
  const toolkit = z.string().regex(new RegExp(TOOLKIT_SLUG_PATTERN)).describe(
    "The toolkit's slug, e.g. notion, linear or github (see list_connectors)",
  );
  const status = z.string().nullable().describe(
    "ACTIVE (usable by tasks), INITIATED (waiting for the user's approval), FAILED, EXPIRED, " +
      "INACTIVE; null when never connected",
  );
  addTool(server, context, {
    name: "list_connectors",
    title: "List connectors",
    description:
      "Current API only: the toolkits a task's agent can read (Notion, Linear, GitHub), each " +
      "with the user's connection status. Only ACTIVE ones can be given to create_task or " +
      "update_task as `connectors`.",
    input: {},
    output: {
      connectors: z.array(z.looseObject({
        slug: z.string(),
        display_name: z.string(),
        description: z.string().nullable(),
        status,
        status_reason: z.string().nullable(),
        connected_at: z.string().nullable(),
        last_used_at: z.string().nullable(),
      })),
    },
    hints: READ,
    async call() {
      const client = await requireConnectors(context, "list");
      const [toolkits, connections] = await Promise.all([
        availableToolkits(client),
        listConnections(client),
      ]);
      const held = new Map(connections.map((c) => [c.toolkit_slug, c]));
      const row = (slug: string, name: string, description: string | null, c?: Connection) => ({
        slug,
        display_name: name,
        description,
        status: c?.status ?? null,
        status_reason: c?.status_reason ?? null,
        connected_at: c?.connected_at ?? null,
        last_used_at: c?.last_used_at ?? null,
      });
      const connectors = [
        ...toolkits.map((t) => row(t.slug, t.display_name, t.description, held.get(t.slug))),
        // A connection to a toolkit no longer offered is still the user's: shown too.
        ...connections.filter((c) => !toolkits.some((t) => t.slug === c.toolkit_slug))
          .map((c) => row(c.toolkit_slug, c.display_name, null, c)),
      ];
      const lines = connectors.map((c) =>
        `${c.slug} (${c.display_name}): ${c.status ?? "not connected"}${
          c.status_reason ? ` (${c.status_reason})` : ""
        }`
      );
      return answer(
        context,
        { connectors },
        [`${connectors.length} connectors`, ...lines].join("\n"),
      );
    },
  });

  addTool(server, context, {
    name: "connect_connector",
    title: "Start connecting a toolkit",
    description:
      "Current API only: starts connecting a toolkit and returns the authorisation URL. Only the " +
      "user can approve it: show them redirect_url to open in their browser (you cannot " +
      "complete the OAuth approval yourself), then check list_connectors until its status is " +
      "ACTIVE. Not idempotent: each call starts a new approval with a new URL. A toolkit " +
      "connected already answers status ACTIVE and redirect_url null.",
    input: { toolkit },
    output: {
      toolkit_slug: z.string(),
      status: z.string().describe("INITIATED (waiting for approval) or ACTIVE (connected already)"),
      redirect_url: z.string().nullable().describe("Where the user approves; null when connected"),
    },
    hints: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    },
    async call(args) {
      const client = await requireConnectors(context, "connect");
      const slug = args.toolkit;
      const started = await startConnection(client, slug);
      if (started.redirect_url === null) {
        // No URL means "active already" to the service; its list is what tasks are checked against.
        const connection = connectionOf(await listConnections(client), slug);
        if (connection?.status !== "ACTIVE") {
          const listed = connection
            ? `lists it as ${String(connection.status)}`
            : "does not list it";
          throw new CliError(`The API answered that ${slug} is connected already, but ${listed}`, {
            hints: ["Check with list_connectors"],
          });
        }
        return answer(
          context,
          { toolkit_slug: slug, status: "ACTIVE", redirect_url: null },
          `${slug} is connected already`,
        );
      }
      const url = webUrl(started.redirect_url);
      return answer(
        context,
        { toolkit_slug: slug, status: "INITIATED", redirect_url: url },
        `Ask the user to open this URL in a browser to approve ${slug}:\n${url}\n` +
          "Then check list_connectors until its status is ACTIVE.",
      );
    },
  });

  addTool(server, context, {
    name: "disconnect_connector",
    title: "Disconnect a toolkit",
    description:
      "Current API only: revokes the user's connection to a toolkit. Tasks that name it run " +
      "without it from then on. Idempotent: a toolkit not connected answers disconnected: false.",
    input: { toolkit },
    output: {
      toolkit_slug: z.string(),
      disconnected: z.boolean().describe("false when there was no connection to revoke"),
    },
    hints: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    },
    async call(args) {
      const client = await requireConnectors(context, "disconnect");
      const slug = args.toolkit;
      try {
        await disconnect(client, slug);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
        return answer(
          context,
          { toolkit_slug: slug, disconnected: false },
          `${slug} was not connected: nothing to revoke`,
        );
      }
      return answer(
        context,
        { toolkit_slug: slug, disconnected: true },
        `Disconnected ${slug}; tasks that name it run without it`,
      );
    },
  });
}
