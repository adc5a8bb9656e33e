/** Runs the script's steps against one server: raw requests and CLI runs, each recorded. */
import { join } from "node:path";
import { cleanEnv } from "../clean_env.ts";
import { cliPermissionFlags } from "../permissions.ts";
import type { Outcome } from "./normalise.ts";

/** Whose key a step uses: the owner's, the other user's, none, or a key the server never made. */
export type Who = "owner" | "other" | "none" | "bad";

/** What every step has. */
interface StepBase {
  name: string;
  /** Only on this generation. */
  generation?: "current" | "classic";
  /** Default: owner. */
  as?: Who;
  /** Saved values: variable name → path in the JSON body (`id`, `0.id`, `key_info.id`). */
  save?: Record<string, string>;
  /** Milliseconds to wait before the step (lets a run finish). */
  pause?: number;
}

/** A raw request; `{var}` in the path, body and raw text is replaced by a saved value. */
export interface HttpStep extends StepBase {
  method: string;
  path: string;
  body?: unknown;
  /** A raw body (sent as application/json), for malformed JSON. */
  raw?: string;
  /** Send it this many times and record the last answer (rate limits). */
  times?: number;
}

/** A CLI run: `torale <args>` with the side's URL and key in the environment. */
export interface CliStep extends StepBase {
  cli: string[];
  stdin?: string;
}

/** One step of the script. */
export type Step = HttpStep | CliStep;

/** One server: its URL and the keys of its two users. */
export interface Side {
  label: string;
  baseUrl: string;
  keys: { owner: string; other: string };
}

const HEADERS = [
  "content-type",
  "location",
  "allow",
  "retry-after",
  "x-content-type-options",
  "x-frame-options",
  "strict-transport-security",
  "referrer-policy",
  "permissions-policy",
  "content-security-policy",
];
/** A key no server issued, shaped like one: made per run, one for both sides. */
const BAD_KEY = "sk_" +
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replace(/[+/=]/g, (c) => (c === "+" ? "-" : c === "/" ? "_" : ""));
const ROOT = join(import.meta.dirname!, "..", "..");

/** The value at `path` (dots, numeric parts index arrays) in `body`. */
export function pick(body: unknown, path: string): unknown {
  let value = body;
  for (const part of path.split(".").filter(Boolean)) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** `text` with each `{name}` replaced by the saved value; throws on an unset one. */
export function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{([a-z_][a-z0-9_]*)\}/gi, (_whole, name: string) => {
    if (!(name in vars)) throw new Error(`unset variable ${name}`);
    return vars[name];
  });
}

function fillDeep(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === "string") return fill(value, vars);
  if (Array.isArray(value)) return value.map((item) => fillDeep(item, vars));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, vars)]));
  }
  return value;
}

function parse(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}

function keyOf(side: Side, who: Who): string | undefined {
  if (who === "none") return undefined;
  return who === "bad" ? BAD_KEY : side.keys[who];
}

async function request(side: Side, step: HttpStep, vars: Record<string, string>) {
  const key = keyOf(side, step.as ?? "owner");
  const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
  let body: string | undefined;
  if (step.raw !== undefined) body = fill(step.raw, vars);
  else if (step.body !== undefined) body = JSON.stringify(fillDeep(step.body, vars));
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const url = side.baseUrl.replace(/\/$/, "") + fill(step.path, vars);
  let response: Response | undefined;
  for (let i = 0; i < (step.times ?? 1); i++) {
    await response?.body?.cancel();
    response = await fetch(url, { method: step.method, headers, body, redirect: "manual" });
  }
  const kept: Record<string, string> = {};
  for (const name of HEADERS) {
    const value = response!.headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return { status: response!.status, headers: kept, body: parse(await response!.text()) };
}

async function runCli(side: Side, step: CliStep, vars: Record<string, string>, home: string) {
  const key = keyOf(side, step.as ?? "owner");
  const env = await cleanEnv({
    HOME: home,
    NO_COLOR: "1",
    TORALE_API_URL: side.baseUrl,
    ...(key ? { TORALE_API_KEY: key } : {}),
  });
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", ...cliPermissionFlags(), "main.ts", ...step.cli.map((a) => fill(a, vars))],
    cwd: ROOT,
    env,
    clearEnv: true,
    stdin: step.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (step.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(fill(step.stdin, vars)));
    await writer.close();
  }
  const output = await child.output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    status: output.code,
    headers: {},
    body: parse(decode(output.stdout)),
    stderr: decode(output.stderr).trim(),
  };
}

/** Runs `steps` on `side`; returns each step's outcome by name and the values saved. */
export async function runSide(
  side: Side,
  steps: readonly Step[],
  generation: "current" | "classic",
  vars: Record<string, string>,
): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  const home = await Deno.makeTempDir({ prefix: "torale-conformance-" });
  try {
    for (const step of steps) {
      if (step.generation && step.generation !== generation) continue;
      if (step.pause) await new Promise((resolve) => setTimeout(resolve, step.pause));
      let outcome: Outcome;
      try {
        outcome = "cli" in step
          ? await runCli(side, step, vars, home)
          : await request(side, step, vars);
      } catch (error) {
        outcome = { status: -1, headers: {}, body: { error: String(error) } };
      }
      for (const [name, path] of Object.entries(step.save ?? {})) {
        const value = pick(outcome.body, path);
        if (typeof value === "string" || typeof value === "number") vars[name] = String(value);
      }
      outcomes.set(step.name, outcome);
      Deno.stderr.writeSync(new TextEncoder().encode("."));
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
  return outcomes;
}
