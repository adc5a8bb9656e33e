/**
 * The checks of `torale doctor`, each built from facts gathered beforehand
 * (settings, one `GET /health`, one `GET /auth/me`, file modes, proxy
 * variables), so every verdict and its fix is a pure function.
 */
import { generationOfHealth, isDegradedHealth } from "../../api/generation.ts";
import { isLoopback } from "../../api/url.ts";
import type { CliError } from "../../errors.ts";

/** What each check is called in `--json`. */
export type CheckName =
  | "api_url"
  | "reachable"
  | "generation"
  | "api_key"
  | "config_files"
  | "proxy"
  | "clock";

/** One line of the report; `fix` (lines joined by newlines) only when it failed. */
export interface Check {
  name: CheckName;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** What one `GET /health` (sent without a key) showed: its decoded body, or why it failed. */
export type HealthProbe =
  & {
    /** From sending the request to its outcome, retries included. */
    ms: number;
    /** Set when an HTTP answer arrived: its `Date` header and the local time it arrived. */
    answer?: { date: string | null; at: number };
  }
  & ({ body: Record<string, unknown> } | { error: CliError });

/** What the key check found, gathered by the verb. */
export type KeyState =
  | { kind: "noauth"; url: URL }
  | { kind: "none" }
  /** `shown`: the masked key and where it came from. */
  | { kind: "unchecked"; shown: string }
  | { kind: "accepted"; shown: string; email: string }
  | { kind: "failed"; shown: string; error: CliError };

/** How far the local clock may be from the server's before it is a problem. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const NEEDS_HEALTH = "This needs an answer from GET /health: fix the reachable check first.";

function pass(name: CheckName, detail: string): Check {
  return { name, ok: true, detail };
}

function fail(name: CheckName, detail: string, fix: string | readonly string[]): Check {
  return { name, ok: false, detail, fix: typeof fix === "string" ? fix : fix.join("\n") };
}

/** The fix an error carries, or `fallback` when it carries none. */
function fixOf(error: CliError, fallback: string): string {
  return error.hints.length > 0 ? error.hints.join("\n") : fallback;
}

/** The API URL and its source; plain http:// is only for this machine. */
export function urlCheck(apiUrl: string, sourceLabel: string): Check {
  const detail = `${apiUrl} (${sourceLabel})`;
  const url = new URL(apiUrl);
  if (url.protocol === "http:" && !isLoopback(url)) {
    return fail("api_url", `${detail}: plain http:// to a host that is not this machine`, [
      "Use an https:// API URL; the CLI never sends a key over plain http:// to another host.",
    ]);
  }
  return pass("api_url", detail);
}

/** Whether `GET /health` answered, and how fast. */
export function reachableCheck(probe: HealthProbe): Check {
  if ("body" in probe) return pass("reachable", `GET /health answered in ${probe.ms} ms`);
  const { error, answer, ms } = probe;
  if (answer) {
    return fail(
      "reachable",
      `GET /health answered in ${ms} ms with an error: ${error.message}`,
      fixOf(error, "Check the API URL: another server may be answering."),
    );
  }
  return fail(
    "reachable",
    `no answer from GET /health after ${ms} ms: ${error.message}`,
    fixOf(error, "Check the API URL and your network."),
  );
}

const GENERATIONS = {
  classic: "classic (cron schedules, notify behaviour, task preview)",
  current: "current (the service schedules runs; public tasks, forks, feed)",
} as const;

/** Which API generation the `/health` answer names. */
export function generationCheck(probe: HealthProbe): Check {
  if ("body" in probe) return pass("generation", GENERATIONS[generationOfHealth(probe.body)]);
  if (isDegradedHealth(probe.error)) {
    return pass("generation", `${GENERATIONS.current}, reporting itself degraded`);
  }
  return fail("generation", "unknown: GET /health gave no usable answer", NEEDS_HEALTH);
}

/** Whether the key (masked) is accepted, and for whom; NOAUTH only on this machine. */
export function keyCheck(state: KeyState): Check {
  switch (state.kind) {
    case "noauth":
      if (isLoopback(state.url)) {
        return pass("api_key", "none sent: TORALE_NOAUTH=1 (local development API)");
      }
      return fail("api_key", `TORALE_NOAUTH=1, but ${state.url.host} is not a local address`, [
        "NOAUTH works only with a local development API: unset TORALE_NOAUTH and set a key,",
        "or point TORALE_API_URL at the local API (e.g. http://localhost:8000).",
      ]);
    case "none":
      return fail("api_key", "no API key configured", [
        "Run `torale auth set-api-key`, set TORALE_API_KEY, or pass --api-key.",
      ]);
    case "unchecked":
      return fail("api_key", `${state.shown}: not checked, the API did not answer`, NEEDS_HEALTH);
    case "accepted":
      return pass("api_key", `${state.shown}, accepted for ${state.email}`);
    case "failed":
      return fail(
        "api_key",
        `${state.shown}: ${state.error.message}`,
        fixOf(state.error, "Run `torale auth set-api-key` with a valid key."),
      );
  }
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, "0");
}

/**
 * The config directory (0700) and file (0600) modes: others must not read
 * the key. A missing file or directory is fine.
 */
export function configCheck(
  paths: { dir: string; file: string },
  modes: { dir: number | null | undefined; file: number | null | undefined },
): Check {
  if (modes.dir === undefined) return pass("config_files", `no ${paths.dir} yet (nothing stored)`);
  if (modes.dir === null || modes.file === null) {
    return pass("config_files", `${paths.file}: file modes are not checked on this system`);
  }
  const parts: string[] = [];
  const fixes: string[] = [];
  const dirOpen = (modes.dir & 0o077) !== 0;
  parts.push(`${paths.dir} ${octal(modes.dir)}${dirOpen ? " (should be 0700)" : ""}`);
  if (dirOpen) fixes.push(`chmod 700 "${paths.dir}"`);
  if (modes.file === undefined) parts.push("no config.json (fine)");
  else {
    const fileOpen = (modes.file & 0o077) !== 0;
    parts.push(`${paths.file} ${octal(modes.file)}${fileOpen ? " (should be 0600)" : ""}`);
    if (fileOpen) fixes.push(`chmod 600 "${paths.file}"`);
  }
  const detail = parts.join(", ");
  if (fixes.length === 0) return pass("config_files", detail);
  return fail("config_files", `${detail}: open to other users`, [
    `Run: ${fixes.join(" && ")}`,
  ]);
}

function amount(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

/** The local clock against the server's `Date` header; more than 5 minutes apart fails. */
export function clockCheck(probe: HealthProbe): Check {
  if (!probe.answer) {
    return fail("clock", "not checked: the API did not answer", NEEDS_HEALTH);
  }
  const { date, at } = probe.answer;
  const server = date === null ? NaN : Date.parse(date);
  if (Number.isNaN(server)) {
    return pass("clock", "not checked: the server sent no usable Date header");
  }
  // The header has whole seconds, so a clock in step reads up to 1 s ahead.
  const skew = at - server;
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS) {
    return pass(
      "clock",
      `within ${Math.max(1, Math.ceil(Math.abs(skew) / 1000))} s of the server's`,
    );
  }
  return fail(
    "clock",
    `${amount(skew)} ${skew > 0 ? "ahead of" : "behind"} the server's (its Date: ${date})`,
    [
      "Set the system clock right, or turn on automatic time sync (NTP):",
      "times the CLI shows and TLS certificate checks depend on it.",
    ],
  );
}
