/**
 * What the MCP server works with: the same API client and generation the commands get from
 * their session, the loaded SDK, and where its own messages go (never standard output: on stdio
 * that is the protocol's).
 */
import type { ApiClient } from "../api/client.ts";
import type { Generation } from "../api/generation.ts";
import type { Clock } from "../deps.ts";
import type { Sdk } from "./sdk.ts";

/** One server's context; the HTTP transport makes one server per session from the same one. */
export interface McpContext {
  sdk: Sdk;
  /** The API client of the active profile (throws the CLI's own error when there is no key). */
  api(): ApiClient;
  /** The API's generation, asked once and remembered (src/kit/generation_memory.ts). */
  generation(): Promise<Generation>;
  /** Only read tools are registered; writes do not exist for the client. */
  readOnly: boolean;
  clock: Clock;
  /** The key in use, to be kept out of every answer even if the server echoed it. */
  secrets: readonly string[];
  /** A line for the person running the server: stderr, made safe. */
  log(text: string): void;
}
