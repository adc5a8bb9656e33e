/**
 * `torale mcp serve` as a subprocess (main.ts with the CLI's least-privilege flags, or the
 * TORALE_BIN binary) driven by the MCP SDK's own Client, through a client transport that keeps
 * every byte exchanged: what went to stdin, came on stdout and on stderr.
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { cleanEnv } from "../../scripts/clean_env.ts";
import { ENTRY, TORALE_BIN } from "./cli.ts";

/** Every byte a server process exchanged, decoded. */
export interface Exchanged {
  stdin: string;
  stdout: string;
  stderr: string;
}

/** A client transport over a child's stdin/stdout that records everything. */
class RecordingTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly bytes: Exchanged = { stdin: "", stdout: "", stderr: "" };
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly done: Promise<Deno.CommandStatus>;
  #reading: Promise<unknown> = Promise.resolve();

  constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.done = child.status;
  }

  start(): Promise<void> {
    const pump = async (name: "stdout" | "stderr", line?: (text: string) => void) => {
      let buffered = "";
      for await (const chunk of this.#child[name].pipeThrough(new TextDecoderStream())) {
        this.bytes[name] += chunk;
        if (!line) continue;
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf("\n")) >= 0) {
          line(buffered.slice(0, end));
          buffered = buffered.slice(end + 1);
        }
      }
    };
    this.#reading = Promise.all([
      pump("stdout", (text) => {
        try {
          this.onmessage?.(JSON.parse(text));
        } catch (error) {
          this.onerror?.(error as Error);
        }
      }).then(() => this.onclose?.()),
      pump("stderr"),
    ]);
    return Promise.resolve();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const text = JSON.stringify(message) + "\n";
    this.bytes.stdin += text;
    await this.#writer.write(new TextEncoder().encode(text));
  }

  /** Closes the server's stdin and waits for it to exit and its output to end. */
  async close(): Promise<void> {
    await this.#writer.close().catch(() => {});
    await this.done;
    await this.#reading;
  }
}

/** A connected client and the server process behind it. */
export interface McpRun extends AsyncDisposable {
  client: Client;
  bytes: Exchanged;
  /** Ends the session (stdin closed) and resolves with the server's exit code. */
  close(): Promise<number>;
  /** Sends the server `signal` (Ctrl-C: SIGINT) and resolves with how it ended. */
  kill(signal: Deno.Signal): Promise<Deno.CommandStatus>;
}

/** Starts `torale mcp serve …args` in `env` (HOME and the API's URL and key) and connects. */
export async function startMcp(
  args: string[],
  env: Record<string, string>,
): Promise<McpRun> {
  const child = new Deno.Command(TORALE_BIN ?? Deno.execPath(), {
    args: TORALE_BIN
      ? ["mcp", "serve", ...args]
      : ["run", "-q", ...cliPermissionFlags(), ENTRY, "mcp", "serve", ...args],
    cwd: new URL("../..", import.meta.url).pathname,
    clearEnv: true,
    env: await cleanEnv({ NO_COLOR: "1", USERPROFILE: env.HOME ?? "", ...env }),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const transport = new RecordingTransport(child);
  const client = new Client({ name: "torale-tests", version: "1.0.0" });
  await client.connect(transport);
  let code: number | undefined;
  const close = async () => {
    if (code !== undefined) return code;
    await transport.close();
    code = (await transport.done).code;
    return code;
  };
  const kill = async (signal: Deno.Signal) => {
    child.kill(signal);
    // The server ends on the signal alone: closing its stdin first would race it (stdin's end
    // is a normal exit 0), so stdin closes only once it has exited.
    const status = await transport.done;
    await close();
    return status;
  };
  return {
    client,
    bytes: transport.bytes,
    close,
    kill,
    [Symbol.asyncDispose]: () => close().then(() => {}),
  };
}

/** A tool as tools/list describes it. */
export interface ToolInfo {
  name: string;
  description?: string;
  outputSchema?: unknown;
  annotations?: Record<string, unknown>;
}

/** The text of a tool's answer. */
export function textOf(result: unknown): string {
  const content = (result as CallToolResult).content as { type: string; text?: string }[];
  return content.map((part) => part.type === "text" ? part.text : "").join("\n");
}

/** The structured content of a successful answer (fails on an error answer). */
export function data(result: unknown): Record<string, unknown> {
  const answer = result as CallToolResult;
  assert.notEqual(answer.isError, true, textOf(answer));
  assert.ok(answer.structuredContent, "a structured answer");
  return answer.structuredContent;
}

/** Every line on stdout is a JSON-RPC message; the key is nowhere in what was exchanged. */
export function assertClean(bytes: Exchanged, key: string): void {
  for (const line of bytes.stdout.split("\n").filter((line) => line !== "")) {
    assert.equal(JSON.parse(line).jsonrpc, "2.0", `not a protocol message on stdout: ${line}`);
  }
  for (const [stream, text] of Object.entries(bytes)) {
    assert.ok(!text.includes(key), `the API key appeared on ${stream}`);
  }
}
