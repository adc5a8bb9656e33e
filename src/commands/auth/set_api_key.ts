/** `torale auth set-api-key`: store a key after checking it with the API. */
import { currentUser } from "../../api/auth.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { saveKey } from "../../kit/credentials.ts";
import { DEFAULT_PROFILE } from "../../config/profiles.ts";
import { API_KEY_PATTERN } from "../../config/schema.ts";
import { NetworkError, UsageError } from "../../errors.ts";
import { readFirstLine } from "../../kit/input.ts";

/** Flags of `auth set-api-key`. */
export type SetApiKeyFlags = { key?: string; verify: boolean; insecureStorage?: boolean };

async function readKey(session: Session, flags: SetApiKeyFlags): Promise<string> {
  if (flags.key !== undefined) return flags.key;
  const { stdin } = session.deps.io;
  if (stdin.isTerminal) {
    session.info("Get a key at https://torale.ai → Settings → API Keys.");
    return await session.deps.prompt.password("Paste your API key:");
  }
  // Only the first line, read no further: `yes "$KEY" | torale auth set-api-key` ends too.
  return await readFirstLine(stdin.readable(), { limit: 4096, what: "stdin" });
}

/** Validates the shape of a key without ever echoing it. */
export function checkKeyFormat(key: string): void {
  if (key === "") {
    throw new UsageError("No API key provided", {
      hints: [
        'Paste the key at the prompt, pass --key, or pipe it: echo "$KEY" | torale auth set-api-key',
      ],
    });
  }
  if (!API_KEY_PATTERN.test(key)) {
    throw new UsageError("Invalid API key format", {
      hints: [
        "Expected sk_ followed by at least 32 letters, digits, _ or - (dashboard keys are sk_ + 43 characters).",
        "Copy the whole key from Settings → API Keys, or generate a new one.",
      ],
    });
  }
}

/** Runs `auth set-api-key`. */
export default async function setApiKey(this: Context, flags: SetApiKeyFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals, {
    allowNewProfile: true,
    savesKey: true,
  });
  const key = (await readKey(session, flags)).trim();
  checkKeyFormat(key);

  let email: string | undefined;
  const apiUrl = session.settings.apiUrl.value;
  if (flags.verify) {
    try {
      email = (await currentUser(session.clientWith(key))).email;
    } catch (error) {
      if (error instanceof NetworkError) {
        throw new NetworkError(`${error.message}; the key was not saved`, {
          cause: error,
          hints: [
            ...error.hints,
            "To save the key without checking it: torale auth set-api-key --no-verify",
          ],
        });
      }
      throw error;
    }
  }

  // The profile keeps the URL the key was checked against (--api-url or TORALE_API_URL): a key
  // belongs to one API, and the profile must not send it to another later.
  const chosen = ["flag", "env"].includes(session.settings.apiUrl.source);
  const saved = await saveKey(session, key, {
    insecure: flags.insecureStorage,
    extra: chosen ? { api_url: apiUrl } : {},
  });
  const check = session.colors.ok;
  const profile = session.settings.profile.name;
  const named = profile === DEFAULT_PROFILE ? "" : ` (profile ${profile})`;
  session.print(`${check} API key saved to ${saved.place}${named}`);
  if (email) session.print(`Authenticated as ${email}`);
  else session.info("The key was not checked (--no-verify).");
  if (chosen) session.print(`API URL: ${apiUrl}`);
  if (this.deps.env("TORALE_API_KEY")) {
    session.warn("TORALE_API_KEY is set and still takes priority over the saved key");
  }
}
