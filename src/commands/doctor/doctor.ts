/**
 * `torale doctor`: the settings, the API and the machine, checked in one go,
 * so a failing setup is diagnosed by one command instead of several.
 */
import { currentUser } from "../../api/auth.ts";
import { CliError, ExitCode, QuietExit } from "../../errors.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { keySourceLabel, Session } from "../../kit/session.ts";
import { maskKey } from "../../output/mask.ts";
import {
  type Check,
  clockCheck,
  configCheck,
  generationCheck,
  type HealthProbe,
  keyCheck,
  type KeyState,
  reachableCheck,
  urlCheck,
} from "./checks.ts";
import { urlSourceText } from "../../config/resolve.ts";
import { proxyCheck } from "./proxy.ts";
import { reportLines } from "./render.ts";

/** The `--json` shape of `doctor`. */
export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

/**
 * One `GET /health` without a key (it needs none), timed, keeping the
 * answer's `Date` header: reachability, generation and clock all read it.
 */
async function probeHealth(session: Session): Promise<HealthProbe> {
  const { clock } = session.deps;
  let answer: HealthProbe["answer"];
  let outcome: { body: Record<string, unknown> } | { error: CliError };
  const started = clock.now();
  try {
    outcome = {
      body: await session.clientWith(undefined).get("/health", {
        expect: "object",
        onHeaders: (headers) => {
          answer = { date: headers.get("date"), at: clock.now() };
        },
      }),
    };
  } catch (error) {
    // Anything else (a missing --allow-net) is for run() to explain.
    if (!(error instanceof CliError)) throw error;
    outcome = { error };
  }
  return { ...outcome, answer, ms: clock.now() - started };
}

/** The key in use, asked about with `GET /auth/me` only when the API answered at all. */
async function keyState(session: Session, health: HealthProbe): Promise<KeyState> {
  const { settings } = session;
  if (settings.noauth) return { kind: "noauth", url: new URL(settings.apiUrl.value) };
  const key = settings.apiKey.value;
  if (!key) return { kind: "none" };
  const shown = `${maskKey(key)} from ${keySourceLabel(session)}`;
  if (!health.answer) return { kind: "unchecked", shown };
  try {
    const user = await currentUser(session.api());
    return { kind: "accepted", shown, email: user.email };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { kind: "failed", shown, error };
  }
}

/** Runs `doctor`: prints every check, then exits 1 if any failed. */
export default async function doctor(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const { settings, store } = session;
  const url = new URL(settings.apiUrl.value);
  const health = await probeHealth(session);
  const checks: Check[] = [
    urlCheck(settings.apiUrl.value, urlSourceText(settings.apiUrl.source, store.path)),
    reachableCheck(health),
    generationCheck(health),
    keyCheck(await keyState(session, health)),
    configCheck({ dir: store.dir, file: store.path }, await store.modes()),
    proxyCheck(this.deps.env, url),
    clockCheck(health),
  ];
  const report: DoctorReport = { ok: checks.every((check) => check.ok), checks };
  const { stdout } = this.deps.io;
  await session.output(report, (shown) => {
    const columns = stdout.isTerminal ? stdout.columns : undefined;
    for (const line of reportLines(shown.checks, session.colors, columns)) session.print(line);
  });
  if (!report.ok) throw new QuietExit(ExitCode.failure);
}
