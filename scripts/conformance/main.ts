/**
 * `deno task conformance <url-a> <url-b>`: runs one script of raw requests and CLI commands
 * against two Torale servers (e.g. the real service and the local API) and prints where they
 * differ, after normalising ids, times, keys and ports. Differences listed in expected.ts are
 * reported with their reason; any other makes it exit 1. Development only (not in CI).
 *
 * Keys come from the environment, never the command line: CONFORMANCE_KEY_A and
 * CONFORMANCE_KEY_A2 (two users of server A), CONFORMANCE_KEY_B and CONFORMANCE_KEY_B2.
 * Both servers are cleaned first: every task and connection of both users is deleted. The
 * rate-limited routes allow one run a minute per server. --only <glob> runs the steps whose
 * name matches; --dump <file> writes both sides' normalised outcomes as JSON.
 */
import { compareStep, renderReport, type StepReport } from "./diff.ts";
import { EXPECTED } from "./expected.ts";
import { normaliseOutcome, type Outcome } from "./normalise.ts";
import { runSide, type Side, type Step } from "./runner.ts";
import { ACCOUNT_STEPS, RATE_LIMIT_STEPS } from "./steps_account.ts";
import { CLI_STEPS } from "./steps_cli.ts";
import { REMOVED_STEPS, SHARE_STEPS, TASK_END_STEPS } from "./steps_share.ts";
import { TASK_STEPS } from "./steps_tasks.ts";

/** The whole script, in order. */
export const SCRIPT: Step[] = [
  ...ACCOUNT_STEPS,
  ...TASK_STEPS,
  ...SHARE_STEPS,
  ...REMOVED_STEPS,
  ...CLI_STEPS,
  ...TASK_END_STEPS,
  ...RATE_LIMIT_STEPS,
];

const USAGE = "usage: deno task conformance <url-a> <url-b> [--only <glob>] [--dump <file>] " +
  "(keys in CONFORMANCE_KEY_A, _A2, _B, _B2)";

async function generationOf(baseUrl: string): Promise<"current" | "classic"> {
  const response = await fetch(`${baseUrl}/health`).catch(() => {
    throw new Error(`nothing answers GET ${baseUrl}/health`);
  });
  const body = await response.json().catch(() => ({}));
  return "service" in body ? "classic" : "current";
}

async function call(side: Side, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(side.baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.ok && response.status !== 204 ? await response.json() : null;
}

/**
 * Deletes both users' tasks, extra verified addresses and connections, and clears their
 * webhook URL.
 */
async function clean(side: Side): Promise<Record<string, string>> {
  const users: Record<string, string> = {};
  for (const [who, key] of Object.entries(side.keys)) {
    const me = await call(side, key, "GET", "/auth/me");
    if (!me) throw new Error(`${side.label}: the ${who} key is not accepted (GET /auth/me)`);
    users[`user_${who}`] = me.id;
    users[`clerk_${who}`] = me.clerk_user_id;
    for (const task of await call(side, key, "GET", "/api/v1/tasks/") ?? []) {
      await call(side, key, "DELETE", `/api/v1/tasks/${task.id}`);
    }
    const emails = await call(side, key, "GET", "/api/v1/email-verification/verified-emails");
    for (const email of emails?.verified_emails ?? []) {
      if (email === emails.primary_email) continue;
      await call(side, key, "DELETE", `/api/v1/email-verification/verified-emails/${email}`);
    }
    await call(side, key, "PUT", "/api/v1/webhooks/config", { webhook_url: null });
    // Current generation only (classic answers 404, so none are listed).
    for (const connection of await call(side, key, "GET", "/api/v1/connectors") ?? []) {
      await call(side, key, "DELETE", `/api/v1/connectors/${connection.toolkit_slug}`);
    }
  }
  return users;
}

function keysFrom(env: (name: string) => string | undefined, suffix: "A" | "B") {
  const owner = env(`CONFORMANCE_KEY_${suffix}`);
  const other = env(`CONFORMANCE_KEY_${suffix}2`);
  if (!owner || !other) {
    throw new Error(`set CONFORMANCE_KEY_${suffix} and CONFORMANCE_KEY_${suffix}2 (two users)`);
  }
  return { owner, other };
}

async function main(args: string[]): Promise<number> {
  const only = args.indexOf("--only");
  const glob = only >= 0 ? args.splice(only, 2)[1] : undefined;
  const dumpAt = args.indexOf("--dump");
  const dump = dumpAt >= 0 ? args.splice(dumpAt, 2)[1] : undefined;
  if (args.length !== 2 || args.some((arg) => arg.startsWith("-"))) {
    console.error(`Error: ${USAGE}`);
    return 2;
  }
  const env = (name: string) => Deno.env.get(name);
  const sides: Side[] = [
    { label: "A", baseUrl: args[0].replace(/\/$/, ""), keys: keysFrom(env, "A") },
    { label: "B", baseUrl: args[1].replace(/\/$/, ""), keys: keysFrom(env, "B") },
  ];
  const [genA, genB] = await Promise.all(sides.map((side) => generationOf(side.baseUrl)));
  if (genA !== genB) {
    console.error(`Error: A is the ${genA} generation, B the ${genB} one`);
    return 2;
  }
  const pattern = glob ? new RegExp(`^${glob.split("*").join(".*")}$`) : undefined;
  const script = SCRIPT.filter((step) => !pattern || pattern.test(step.name));
  console.error(`Comparing ${sides[0].baseUrl} (A) with ${sides[1].baseUrl} (B), ${genA} API`);
  const results = await Promise.all(sides.map(async (side) => {
    const vars = await clean(side);
    const outcomes = await runSide(side, script, genA, vars);
    const context = {
      baseUrl: side.baseUrl,
      vars: { ...vars, owner_key: side.keys.owner, other_key: side.keys.other },
    };
    const normalised = new Map<string, Outcome>();
    for (const [name, outcome] of outcomes) {
      normalised.set(name, normaliseOutcome(outcome, context));
    }
    return normalised;
  }));
  console.error("");
  const reports: StepReport[] = [];
  for (const [name, a] of results[0]) {
    const b = results[1].get(name)!;
    reports.push(compareStep(name, a, b, { expectations: EXPECTED, generation: genA }));
  }
  if (dump) {
    const both = [...results[0].keys()].map((step) => ({
      step,
      a: results[0].get(step),
      b: results[1].get(step),
    }));
    await Deno.writeTextFile(dump, JSON.stringify(both, null, 2));
  }
  console.log(renderReport(reports, { a: "A", b: "B" }));
  const used = new Set(reports.flatMap((report) => report.expected.map((e) => e.rule)));
  const unused = EXPECTED.filter((rule) =>
    !used.has(rule) && (rule.generation ?? genA) === genA && !glob
  );
  for (const rule of unused) {
    console.error(`Note: expected.ts entry for "${rule.step}" matched nothing`);
  }
  return reports.some((report) => report.unexpected.length > 0) ? 1 : 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main([...Deno.args]));
  } catch (error) {
    // Setup problems (keys missing or refused, a server down): one line, no stack.
    console.error(`Error: ${(error as Error).message}`);
    Deno.exit(2);
  }
}
