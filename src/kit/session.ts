/**
 * What a command works with once its flags are parsed: resolved settings,
 * the config store, output helpers and, on demand, the API client.
 */
import { ApiClient } from "../api/client.ts";
import type { Generation } from "../api/generation.ts";
import { GenerationMemory } from "./generation_memory.ts";
import { type Colors, makeColors, shouldColor } from "../color.ts";
import { isLoopback } from "../api/url.ts";
import {
  type GlobalFlags,
  keyUrlMismatch,
  resolveSettings,
  type Settings,
  urlSourceText,
} from "../config/resolve.ts";
import { type ConfigSnapshot, type ConfigStore, configStore } from "../config/store.ts";
import { invalidFile } from "../config/load.ts";
import {
  chooseProfile,
  IN_KEYCHAIN,
  missingProfileText,
  profileRaw,
  profileValues,
} from "../config/profiles.ts";
import type { Deps } from "../deps.ts";
import { API_KEY_PATTERN } from "../config/schema.ts";
import { keySourceLabel, readKeychainKey } from "./credentials.ts";
import { AuthError, UsageError } from "../errors.ts";
import { renderData } from "../output/render.ts";
import { forPeople } from "../output/sanitize.ts";
import { type Column, labelled, renderTable } from "../output/table.ts";
import { fitProse } from "../output/wrap.ts";
import { VERSION } from "../version.ts";

export { keySourceLabel };

/** The User-Agent header: CLI version, Deno version, OS and architecture. */
const userAgent = () =>
  `torale-cli/${VERSION} (Deno ${Deno.version.deno}; ${Deno.build.os} ${Deno.build.arch})`;

/** A parsed command's working state. */
export class Session {
  readonly deps: Deps;
  readonly store: ConfigStore;
  readonly config: ConfigSnapshot;
  readonly settings: Settings;
  /** Colours for stdout. */
  readonly colors: Colors;
  /** Colours for stderr. */
  readonly errColors: Colors;
  /**
   * Tables for a person at a terminal: short ids, times in words, the least
   * useful columns left out when narrow. Off when piped or with --wide.
   */
  readonly compact: boolean;
  /** The credential store's name, once the key was read from it. */
  keychainName?: string;
  #memory?: GenerationMemory;

  private constructor(
    deps: Deps,
    parts: {
      store: ConfigStore;
      config: ConfigSnapshot;
      settings: Settings;
      color: boolean;
      wide: boolean;
    },
  ) {
    this.deps = deps;
    this.store = parts.store;
    this.config = parts.config;
    this.settings = parts.settings;
    this.compact = deps.io.stdout.isTerminal && !parts.wide;
    const colorsFor = (isTerminal: boolean) =>
      makeColors(shouldColor({ isTerminal, flag: parts.color, env: deps.env }));
    this.colors = colorsFor(deps.io.stdout.isTerminal);
    this.errColors = colorsFor(deps.io.stderr.isTerminal);
  }

  /**
   * Reads the config file, chooses the profile and resolves every setting;
   * the key is read from the OS credential store only when nothing beats it.
   * `allowNewProfile`: a profile that is not in the file yet is not an error.
   */
  static async open(
    deps: Deps,
    flags: GlobalFlags,
    options: { allowNewProfile?: boolean; savesKey?: boolean } = {},
  ): Promise<Session> {
    const store = configStore(deps);
    const config = await store.read();
    const profile = chooseProfile({
      flag: flags.profile,
      env: deps.env("TORALE_PROFILE"),
      raw: config.raw,
      allowNew: options.allowNewProfile,
    });
    const file = profileValues(config.raw, profile.name, (why) => invalidFile(store.path, why));
    const settings = resolveSettings({ flags, env: deps.env, file, profile });
    const inKeychain = profileRaw(config.raw, profile.name)?.api_key_store === IN_KEYCHAIN;
    let keychainName: string | undefined;
    if (!settings.noauth && settings.apiKey.source === "none" && inKeychain) {
      const found = await readKeychainKey(deps, profile.name);
      keychainName = found.storeName;
      if (found.key) settings.apiKey = { value: found.key, source: "keychain" };
    }
    const session = new Session(deps, {
      store,
      config,
      settings,
      color: flags.color !== false,
      wide: flags.wide === true,
    });
    session.keychainName = keychainName;
    if (profile.missing !== undefined) {
      session.warn(missingProfileText(store.path, profile.missing));
    }
    const mismatch = !options.savesKey && keyUrlMismatch(settings, file.api_url, store.path);
    if (mismatch) session.warn(mismatch);
    if (settings.noauth) {
      const url = new URL(settings.apiUrl.value);
      if (!isLoopback(url)) {
        session.warn(
          `TORALE_NOAUTH=1 only works with a local development API; ${url.host} is not a local address`,
        );
      }
    }
    return session;
  }

  /** Writes a line (or lines) of results to stdout, as it is: make server text safe first. */
  print(text = ""): void {
    this.deps.io.stdout.write(text + "\n");
  }

  /**
   * Writes labelled lines, `Label:` padded to the longest label plus `gap`
   * spaces, then the value ("-" when the API sent none). A plain string is
   * written as it is (a list item under the line before it).
   */
  fields(
    entries: readonly (readonly [string, string | number | null | undefined] | string)[],
    options: { gap?: number } = {},
  ): void {
    const labels = entries.filter((entry) => typeof entry !== "string").map(([label]) => label);
    const width = Math.max(0, ...labels.map((label) => label.length + 1)) + (options.gap ?? 1);
    // On a terminal a long value continues under itself, not at the left edge.
    const { columns } = this.deps.io.stdout;
    const room = this.compact && columns !== undefined ? columns - width : undefined;
    for (const entry of entries) {
      this.print(
        typeof entry === "string"
          ? entry
          : labelled(entry[0], String(entry[1] ?? "-"), width, room),
      );
    }
  }

  /** Writes an informational line to stderr (made safe for a terminal, keys masked). */
  info(text: string): void {
    this.#note(forPeople(text));
  }

  /** Writes `✓ text` to stderr: the mark stays colour, only `text` is made safe. */
  done(text: string): void {
    this.deps.io.stderr.write(`${this.errColors.ok} ${forPeople(text)}\n`);
  }

  /** Writes `✗ text` to stderr: one thing that failed among others that did not. */
  problem(text: string): void {
    this.#note(`${this.errColors.fail} ${forPeople(text)}`);
  }

  /** Writes a warning to stderr. */
  warn(text: string): void {
    this.#note(`${this.errColors.yellow("Warning:")} ${forPeople(text)}`);
  }

  /** `line` on stderr, fitted to the terminal, continuing under its text. */
  #note(line: string): void {
    this.deps.io.stderr.write(fitProse(line, this.deps.io.stderr) + "\n");
  }

  /** The output format chosen by flags or config. */
  get format(): "table" | "json" | "yaml" {
    return this.settings.output.value;
  }

  /** Prints rows as a table on a terminal (fitted to its width), tab-separated otherwise. */
  table(columns: Column[], rows: string[][]): void {
    const { stdout } = this.deps.io;
    stdout.write(renderTable(columns, rows, {
      terminal: stdout.isTerminal,
      // --wide: every column at full width, however wide the terminal is.
      width: this.compact ? stdout.columns : Number.POSITIVE_INFINITY,
      header: this.colors.bold,
    }));
  }

  /**
   * Prints `value` exactly as JSON or YAML when asked for (filtered through
   * `--jq` when given), otherwise calls `human` with a copy made safe for a
   * terminal (control and bidi characters shown as escapes, key-shaped
   * strings masked): render from that copy.
   */
  async output<T>(value: T, human: (shown: T) => void | Promise<void>): Promise<void> {
    if (this.format === "table") return await human(forPeople(value));
    await this.#machine(value, this.format);
  }

  /** Prints `value` as JSON (YAML with --yaml, filtered with --jq), never as a table. */
  async data(value: unknown): Promise<void> {
    await this.#machine(value, this.format === "yaml" ? "yaml" : "json");
  }

  async #machine(value: unknown, format: "json" | "yaml"): Promise<void> {
    const { stdout, stderr } = this.deps.io;
    const expression = this.settings.jq;
    if (expression === undefined) return stdout.write(await renderData(value, format));
    const { filterJson } = await import("../output/jq.ts");
    // jq reads what --json prints: `--jq e` is `--json | jq -r -c e`, input_line_number too.
    const json = await renderData(value, "json");
    const result = await filterJson(json, expression, { terminal: stdout.isTerminal });
    stdout.write(result.stdout);
    // jq's own messages (debug, stderr) may quote server text: made safe like every stderr line.
    if (result.messages) stderr.write(forPeople(result.messages) + "\n");
    if (result.error) throw result.error;
  }

  /** The generation of the API this run talks to, asked only by commands it matters to. */
  generation(): Promise<Generation> {
    this.#memory ??= new GenerationMemory(this);
    return this.#memory.generation();
  }

  /**
   * The API client. Without a key (and outside NOAUTH mode) this fails with
   * `No API key configured`.
   */
  api(): ApiClient {
    const { settings } = this;
    if (settings.noauth) return this.clientWith(undefined);
    const key = settings.apiKey.value;
    if (!key) throw noKeyError();
    // A key that cannot be one is refused here: the server would only answer 401, three times.
    if (!API_KEY_PATTERN.test(key)) {
      throw new UsageError(`The API key from ${keySourceLabel(this)} is not a valid key`, {
        hints: [
          "Keys are sk_ followed by 43 letters, digits, _ or - (at least 32 are accepted).",
          settings.apiKey.source === "file"
            ? "Save the whole key again with `torale auth set-api-key`."
            : "Copy the whole key from the dashboard's Settings → API Keys.",
        ],
      });
    }
    return this.clientWith(key);
  }

  /** A client that sends `apiKey` (or no key), whatever the settings resolved to. */
  clientWith(apiKey: string | undefined): ApiClient {
    const { settings, deps } = this;
    const trace = settings.debug
      ? (line: string) => deps.io.stderr.write(`${this.errColors.dim(line)}\n`)
      : undefined;
    return new ApiClient({
      baseUrl: settings.apiUrl.value,
      apiKey,
      timeoutS: settings.timeout.value,
      userAgent: userAgent(),
      fetch: deps.fetch,
      clock: deps.clock,
      onAnswer: (path, body) => this.#memory?.check(path, body),
      trace,
      sources: {
        key: apiKey ? keySourceLabel(this) : undefined,
        url: this.settings.apiUrl.source === "default"
          ? undefined
          : urlSourceText(this.settings.apiUrl.source, this.store.path),
        noauth: settings.noauth,
      },
    });
  }
}

/** The error for a command that needs a key when none is configured. */
function noKeyError(): AuthError {
  return new AuthError("No API key configured", {
    hints: [
      "Run `torale auth set-api-key`, set TORALE_API_KEY, or pass --api-key.",
      "For a local development API, set TORALE_NOAUTH=1.",
    ],
  });
}
