/** `torale help environment`. */
import type { Topic } from "./index.ts";

export default {
  title: "Environment variables",
  blocks: [
    {
      head: ["Variable", "Effect"],
      rows: [
        ["TORALE_API_KEY", "API key (beats the config file, loses to --api-key)"],
        ["TORALE_API_URL", "API base URL (a path prefix is kept: https://host/x/api/v1/...)"],
        ["TORALE_NOAUTH", "1: send no key (a local development API only)"],
        ["TORALE_DEBUG", "1: same as --debug"],
        ["TORALE_API_GENERATION", "classic, current or auto (default): beats api_generation"],
        ["TORALE_WEBHOOK_SECRET", "the secret of webhook listen, test and verify without --secret"],
        ["TORALE_PROFILE", "the profile to use: beats `torale auth switch`, loses to --profile"],
        ["NO_COLOR, FORCE_COLOR", "colour off / on"],
        ["CI", "set (any value): `connectors connect` never opens a browser"],
        ["HTTP_PROXY, HTTPS_PROXY", "honoured, except for a plain-http API on this machine"],
        ["ALL_PROXY, NO_PROXY", "as above (lower case works too); `torale doctor` shows them"],
        ["HOME (USERPROFILE)", "where .torale/config.json lives"],
      ],
    },
    {
      text: [
        "An API URL, from --api-url, TORALE_API_URL or the config file, must be http:// or",
        "https:// with no query, fragment or user:password@. Anything else is a usage error",
        "(exit 2) naming where it came from, with a password shown as ***.",
      ],
    },
    {
      text: [
        "A plain-http API on this machine (http://localhost, http://127.x.x.x, http://[::1])",
        "is always reached directly, never through HTTP_PROXY or ALL_PROXY: the proxy could",
        "not reach it, and the key would travel to the proxy in clear text. An https:// URL",
        "uses the proxies as set, since a proxy only tunnels it.",
      ],
    },
    {
      text: [
        "Settings are resolved flag first, then the variable, then the profile's value in",
        "~/.torale/config.json, then the default (see `torale help config-file`).",
      ],
    },
  ],
} satisfies Topic;
