/** `torale auth status`: which key is used, from where, and whether the API accepts it. */
import { currentUser } from "../../api/auth.ts";
import { listTasks } from "../../api/tasks.ts";
import { rejectedKeyFix } from "../../api/errors.ts";
import type { User } from "../../api/types.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { keySourceLabel, Session } from "../../kit/session.ts";
import { AuthError, ExitCode, QuietExit } from "../../errors.ts";
import { keyLocation } from "../../kit/credentials.ts";
import { maskKey } from "../../output/mask.ts";
import { urlSourceText } from "../../config/resolve.ts";

/** `API URL: <url>`, with where it came from unless it is the default. */
function urlLine(report: StatusReport): string {
  const from = report.api_url_source === "default" ? "" : ` (from ${report.api_url_source})`;
  return `API URL: ${report.api_url}${from}`;
}

/** The `--json` shape of `auth status`. */
export interface StatusReport {
  authenticated: boolean;
  email: string | null;
  key_source: string | null;
  key: string | null;
  api_url: string;
  /** Where the URL came from: `--api-url`, `TORALE_API_URL`, `TORALE_NOAUTH=1`, the file, `default`. */
  api_url_source: string;
  /** `classic` or `current`, or `unknown` when /health said neither. */
  generation: string | null;
  noauth: boolean;
  /** The profile in use. */
  profile: string;
  /** Where the profile's saved key lives (the store's name or the file), or null. */
  key_stored_in: string | null;
}

/** The generation in words, or "unknown" when the server's /health did not tell. */
async function generationOf(session: Session): Promise<string> {
  try {
    return await session.generation();
  } catch {
    return "unknown";
  }
}

/** Runs `auth status`. */
export default async function status(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const { settings, colors } = session;
  const report: StatusReport = {
    authenticated: false,
    email: null,
    key_source: null,
    key: null,
    api_url: settings.apiUrl.value,
    api_url_source: urlSourceText(settings.apiUrl.source, session.store.path),
    generation: null,
    noauth: settings.noauth,
    profile: settings.profile.name,
    key_stored_in: keyLocation(session, settings.profile.name) ?? null,
  };

  if (settings.noauth) {
    // Reachable is not enough: NOAUTH works only if the server lets a keyless caller list tasks.
    await listTasks(session.api());
    report.generation = await generationOf(session);
    await session.output({ ...report, reachable: true }, (report) => {
      session.print(`${colors.caution} Authentication is disabled (TORALE_NOAUTH=1)`);
      session.print(urlLine(report));
      session.print(`API generation: ${report.generation}`);
      session.print(`${colors.ok} The API is reachable and accepts requests without a key`);
    });
    return;
  }

  const key = settings.apiKey.value;
  if (!key) {
    await session.output(report, () => {
      session.print("Not authenticated");
      session.info("Run `torale auth set-api-key`, set TORALE_API_KEY, or pass --api-key.");
    });
    throw new QuietExit(ExitCode.auth);
  }

  report.key_source = keySourceLabel(session);
  report.key = maskKey(key);
  const printKey = (report: StatusReport) => {
    session.print(`API Key: ${report.key}`);
    session.print(`Key source: ${report.key_source}`);
    session.print(`Profile: ${report.profile}`);
    if (report.key_stored_in) session.print(`Saved key stored in: ${report.key_stored_in}`);
    session.print(urlLine(report));
  };
  let user: User;
  try {
    user = await currentUser(session.api());
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    await session.output(report, (report) => {
      session.print(`${colors.fail} Invalid API key`);
      printKey(report);
      session.info(rejectedKeyFix(report.key_source ?? undefined));
    });
    throw new QuietExit(ExitCode.auth);
  }
  report.authenticated = true;
  report.email = user.email;
  report.generation = await generationOf(session);
  await session.output(report, (report) => {
    session.print(`${colors.ok} Authenticated as ${report.email ?? "-"}`);
    printKey(report);
    session.print(`API generation: ${report.generation}`);
  });
}
