/**
 * Where each effective setting comes from: flag > environment > config file >
 * default, with TORALE_NOAUTH's special rules. Pure: no I/O.
 */
import { UsageError } from "../errors.ts";
import { DEFAULT_PROFILE, type ProfileChoice } from "./profiles.ts";
import {
  checkUrl,
  type ConfigKey,
  type ConfigValues,
  DEFAULT_API_URL,
  DEFAULT_TIMEOUT_S,
  GENERATION_CHOICES,
  type GenerationChoice,
  type OutputFormat,
} from "./schema.ts";

/** The longest request timeout, in seconds (the config key's limit too). */
const MAX_TIMEOUT_S = 3600;

/** The local development API that TORALE_NOAUTH points at by default. */
export const NOAUTH_API_URL = "http://localhost:8000";

/** The global flags every command accepts. */
export interface GlobalFlags {
  apiKey?: string;
  apiUrl?: string;
  /** The profile to use (`--profile`); beats TORALE_PROFILE and the file's current profile. */
  profile?: string;
  json?: boolean;
  yaml?: boolean;
  /** A jq expression the JSON output is filtered through (`--jq`); implies JSON. */
  jq?: string;
  debug?: boolean;
  /** Seconds. */
  timeout?: number;
  /** `--timeout` as typed, for messages. */
  timeoutText?: string;
  color?: boolean;
  /** Tables at full width on a terminal too: full ids, exact times, every column. */
  wide?: boolean;
}

/** Where the API key came from. */
export type KeySource = "flag" | "env" | "file" | "keychain" | "none";
/** Where the API URL came from. */
export type UrlSource = "flag" | "env" | "noauth" | "file" | "default";
/** Where a plain setting came from. */
export type Source = "flag" | "env" | "file" | "default";

/** The effective settings and the source of each. */
export interface Settings {
  /** The profile whose settings the file provides. */
  profile: ProfileChoice;
  noauth: boolean;
  apiKey: { value?: string; source: KeySource };
  apiUrl: { value: string; source: UrlSource };
  timeout: { value: number; source: Source };
  output: { value: OutputFormat; source: Source };
  /** The `--jq` expression, when given. */
  jq?: string;
  generation: { value: GenerationChoice; source: Source };
  debug: boolean;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** Where the API URL came from, in words (`configPath` names the file). */
export function urlSourceText(source: UrlSource, configPath: string): string {
  switch (source) {
    case "flag":
      return "--api-url";
    case "env":
      return "TORALE_API_URL";
    case "noauth":
      return "TORALE_NOAUTH=1";
    case "file":
      return configPath;
    case "default":
      return "default";
  }
}

/** A URL as compared for "is this the profile's API": no trailing slash, lower-case host. */
export function sameApiUrl(a: string, b: string): boolean {
  const norm = (url: string) => {
    try {
      const parsed = new URL(url);
      return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, "")}`;
    } catch {
      return url.replace(/\/+$/, "");
    }
  };
  return norm(a) === norm(b);
}

/**
 * Why the key and the URL in use do not belong together, or undefined when they do: a profile's
 * saved key going to a URL from --api-url or TORALE_API_URL that is not the profile's, or a key
 * from --api-key or TORALE_API_KEY going to the URL a profile saved for its own key.
 */
export function keyUrlMismatch(
  settings: Settings,
  profileUrl: string | undefined,
  configPath: string,
): string | undefined {
  const { apiKey, apiUrl, profile } = settings;
  const saved = apiKey.source === "file" || apiKey.source === "keychain";
  const own = profileUrl ?? DEFAULT_API_URL;
  if (saved && (apiUrl.source === "flag" || apiUrl.source === "env")) {
    if (sameApiUrl(apiUrl.value, own)) return undefined;
    return `The saved key of profile "${profile.name}" is for ${own} but goes to ${apiUrl.value} (from ${
      urlSourceText(apiUrl.source, configPath)
    }); pass that API's key with --api-key, or save one with --api-url`;
  }
  if ((apiKey.source === "flag" || apiKey.source === "env") && apiUrl.source === "file") {
    const from = apiKey.source === "flag" ? "--api-key" : "TORALE_API_KEY";
    return `The key from ${from} goes to ${apiUrl.value}, the API URL profile "${profile.name}" saved (in ${configPath}); set TORALE_API_URL or --api-url if it is for another API`;
  }
  return undefined;
}

/** Resolves every setting from flags, environment and config file. */
export function resolveSettings(input: {
  flags: GlobalFlags;
  env: (name: string) => string | undefined;
  file: ConfigValues;
  profile?: ProfileChoice;
}): Settings {
  const { flags, env, file } = input;
  const profile = input.profile ?? { name: DEFAULT_PROFILE, source: "default" };
  const noauth = env("TORALE_NOAUTH") === "1";

  let apiKey: Settings["apiKey"] = { source: "none" };
  if (!noauth) {
    const fromFlag = nonEmpty(flags.apiKey);
    const fromEnv = nonEmpty(env("TORALE_API_KEY"));
    const fromFile = nonEmpty(file.api_key);
    if (fromFlag) apiKey = { value: fromFlag, source: "flag" };
    else if (fromEnv) apiKey = { value: fromEnv, source: "env" };
    else if (fromFile) apiKey = { value: fromFile, source: "file" };
  }

  let apiUrl: Settings["apiUrl"];
  const urlFlag = nonEmpty(flags.apiUrl);
  const urlEnv = nonEmpty(env("TORALE_API_URL"));
  if (urlFlag) apiUrl = { value: urlFlag, source: "flag" };
  else if (urlEnv) {
    checkUrl("TORALE_API_URL", urlEnv, [
      "Fix it (for example https://api.torale.ai or http://localhost:8000) or unset it.",
    ]);
    apiUrl = { value: urlEnv, source: "env" };
  } else if (noauth) apiUrl = { value: NOAUTH_API_URL, source: "noauth" };
  else if (file.api_url) apiUrl = { value: file.api_url, source: "file" };
  else apiUrl = { value: DEFAULT_API_URL, source: "default" };

  let timeout: Settings["timeout"];
  if (flags.timeout !== undefined) {
    if (flags.timeout > MAX_TIMEOUT_S) {
      throw new UsageError(
        `Invalid timeout "${
          flags.timeoutText ?? flags.timeout
        }": must be at most ${MAX_TIMEOUT_S} seconds`,
        { hints: ["Only `torale task wait` waits longer (its --timeout bounds the whole wait)."] },
      );
    }
    timeout = { value: flags.timeout, source: "flag" };
  } else if (file.timeout !== undefined) {
    timeout = { value: file.timeout, source: "file" };
  } else timeout = { value: DEFAULT_TIMEOUT_S, source: "default" };

  if (flags.json && flags.yaml) {
    throw new UsageError("Use either --json or --yaml, not both");
  }
  if (flags.jq !== undefined && flags.yaml) {
    throw new UsageError("Use either --jq or --yaml, not both: --jq filters JSON");
  }
  let output: Settings["output"];
  if (flags.json || flags.jq !== undefined) output = { value: "json", source: "flag" };
  else if (flags.yaml) output = { value: "yaml", source: "flag" };
  else if (file.output_format) {
    output = { value: file.output_format, source: "file" };
  } else output = { value: "table", source: "default" };

  const debug = flags.debug === true || env("TORALE_DEBUG") === "1";
  let generation: Settings["generation"];
  const generationEnv = nonEmpty(env("TORALE_API_GENERATION"));
  if (generationEnv) {
    if (!(GENERATION_CHOICES as readonly string[]).includes(generationEnv)) {
      throw new UsageError(`Invalid TORALE_API_GENERATION "${generationEnv}"`, {
        hints: [`Expected one of: ${GENERATION_CHOICES.join(", ")}; or unset it.`],
      });
    }
    generation = { value: generationEnv as GenerationChoice, source: "env" };
  } else if (file.api_generation) {
    generation = { value: file.api_generation, source: "file" };
  } else generation = { value: "auto", source: "default" };

  return { profile, noauth, apiKey, apiUrl, timeout, output, jq: flags.jq, debug, generation };
}

/** The effective value of a config key and where it came from. */
export function settingFor(
  settings: Settings,
  key: ConfigKey,
): { value?: string | number; source: KeySource | UrlSource } {
  switch (key) {
    case "api_key":
      return settings.noauth ? { source: "noauth" } : settings.apiKey;
    case "api_url":
      return settings.apiUrl;
    case "api_generation":
      return settings.generation;
    case "output_format":
      return settings.output;
    case "timeout":
      return settings.timeout;
  }
}
