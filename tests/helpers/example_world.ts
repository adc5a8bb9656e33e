/**
 * The world the documented examples are written for: a local API (of one generation) whose
 * account holds the tasks `3f2c` (its run so far has not met the condition; its next does)
 * and `9a1b` (met, notified: a webhook delivery and a notification; public on the current
 * generation, for `torale public`), a key whose id starts
 * `3f2c`, the pending address alerts@example.com (code 123456) and the verified
 * old@example.com, a webhook; a schedule on which a day passes every 1.5 s, each day running
 * every active task once; a HOME whose config has the profiles `default`, `work` and `ci`;
 * a directory holding torale.yaml and body.json; on the current generation, ACTIVE connections
 * to notion and github, and a browser that approves every connection started (within 1.5 s,
 * by opening its URL); the shell variables the examples use ($ID,
 * $KEY, $TORALE_KEY, $SIG, $SECRET, $TORALE_WEBHOOK_SECRET). The API's database is the one
 * `torale local-api` uses by default in that HOME, so a key `local-api create-key` mints works
 * against it, under the profile `local` too. Every example gets a fresh one, so that no
 * example depends on what another did.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type Generation, type LocalApi, startLocalApi } from "../../local_api/server.ts";
import { hmacHex } from "../../local_api/notifier.ts";
import { runInProcess } from "./cli.ts";
import { writeConfig } from "./config_file.ts";
import { startReceiver } from "./receiver.ts";

/** The full ids behind the short ones the docs use. */
export const TASK_3F2C = "3f2c8a4e-1b7d-4c2a-9e51-6d0f3b2a7c10";
export const TASK_9A1B = "9a1b5c7e-2d4f-4a6b-8c9d-0e1f2a3b4c5d";
export const KEY_3F2C = "3f2c0d9e-8b7a-4f6e-9d5c-4b3a2f1e0d9c";
/** The first run of 3f2c, as `task execute` would print its Execution ID. */
export const RUN_3F2C = "9b1e40c2-5d0f-4c1e-a3b7-2f6d8e1c0a94";
/** `torale local-api` starting a server: on a free port, not the docs' 8000 or 8001. */
const LOCAL_API_START = /^torale local-api(?: start)?(?=\s*(?:$|--|#))/;

/** The code `torale email verify alerts@example.com 123456` gives. */
export const PENDING_CODE = "123456";
/** The secret $SIG is made with, in $TORALE_WEBHOOK_SECRET. */
const WEBHOOK_SECRET = "whsec_docs_example";

/** A seeded local API, HOME and directory; dispose to stop and remove them. */
export interface World extends AsyncDisposable {
  api: LocalApi;
  url: string;
  key: string;
  home: string;
  /** A file holding the key and a newline: the stdin of shell examples. */
  keyFile: string;
  /** The current directory of every example. */
  dir: string;
  /** Shell variables of bash-run examples. */
  env: Record<string, string>;
  /** The line with the docs' outside addresses replaced by local ones. */
  substitute(line: string): string;
}

/** Starts and seeds a world of `generation`; `noauth` starts the API in NOAUTH mode. */
export async function startWorld(
  generation: Generation,
  options: { noauth?: boolean } = {},
): Promise<World> {
  const home = await Deno.makeTempDir({ prefix: "torale-home-" });
  const localApiDir = join(home, ".torale", "local-api");
  await Deno.mkdir(localApiDir, { recursive: true, mode: 0o700 });
  const api = await startLocalApi({
    port: 0,
    db: join(localApiDir, "torale.db"),
    workerDelayMs: 5,
    generation,
    noauth: options.noauth,
    // The docs' `webhook listen` examples receive the account's webhook deliveries: the local
    // API's convenience (`--deliver-to-account-webhook`), not the real service's behaviour.
    deliverToAccountWebhook: true,
    // The seeded run of 3f2c does not meet its condition; every later run does.
    results: {
      "next iphone event": [
        { answer: "No date has been announced yet", condition_met: false },
        { answer: "Apple announced the event for September 9", condition_met: true },
      ],
      "*": { answer: "Yes: it happened", condition_met: true },
    },
  });
  const receiver = await startReceiver();
  const hooks = receiver.url.replace(/\/hook$/, "");
  const key = await api.createKey("user@example.com", "CLI Key");
  const dir = await Deno.makeTempDir({ prefix: "torale-docs-" });
  const account = { api_key: key, api_url: api.url };
  await writeConfig(home, {
    ...account,
    profiles: { work: account, ci: account, local: account },
  });
  const cli = async (...args: string[]) => {
    const result = await runInProcess(args, { home, secrets: [key] });
    assert.equal(result.code, 0, `seeding: torale ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };
  const sql = (text: string, ...values: string[]) => api.db.prepare(text).run(...values);

  for (
    const [id, query, name] of [[TASK_3F2C, "Next iPhone event", "iPhone event"], [
      TASK_9A1B,
      "GPU prices",
      "GPU watch",
    ]]
  ) {
    const task = JSON.parse(
      await cli("task", "create", "-q", query, "-c", "Announced", "-n", name, "--json"),
    );
    sql("UPDATE tasks SET id = ? WHERE id = ?", id, task.id);
  }
  // Classic has no public tasks.
  if (generation === "current") await cli("task", "share", TASK_9A1B);
  await cli("webhook", "set", "--url", `${hooks}/torale`);
  // The service's schedule, a day per tick: each tick runs every active task once.
  let day = Date.now() + 86_400_000 + 60_000;
  let approving = Promise.resolve();
  const tick = () => {
    api.runDueTasks(new Date(day));
    day += 86_400_000 + 60_000;
    if (generation === "current") approving = approveConnections(api).catch(() => {});
  };
  tick();
  await settle(api, TASK_3F2C);
  sql("UPDATE executions SET id = ? WHERE task_id = ?", RUN_3F2C, TASK_3F2C);
  sql("UPDATE tasks SET last_execution_id = ? WHERE id = ?", RUN_3F2C, TASK_3F2C);
  await cli("email", "add", "old@example.com");
  await cli("email", "verify", "old@example.com", api.verificationCode("old@example.com")!);
  await cli("email", "add", "alerts@example.com");
  sql(
    "UPDATE email_verifications SET code = ? WHERE email = ?",
    PENDING_CODE,
    "alerts@example.com",
  );
  sql("UPDATE api_keys SET id = ? WHERE name = ?", KEY_3F2C, "CLI Key");
  if (generation === "current") {
    for (const slug of ["notion", "github"]) {
      await browse(await cli("connectors", "connect", slug, "--no-wait", "--jq", ".redirect_url"));
    }
  }
  await Deno.writeTextFile(join(dir, "torale.yaml"), await cli("export"));
  const body = JSON.stringify({ event: "task.condition_met", task_id: TASK_3F2C });
  await Deno.writeTextFile(join(dir, "body.json"), body);
  const keyFile = join(home, "key.txt");
  await Deno.writeTextFile(keyFile, `${key}\n`);
  const t = String(Math.floor(Date.now() / 1000));
  const ticker = setInterval(tick, 1_500);

  return {
    api,
    url: api.url,
    key,
    home,
    keyFile,
    dir,
    env: {
      ID: TASK_3F2C,
      KEY: key,
      TORALE_KEY: key,
      SIG: `t=${t},v1=${await hmacHex(WEBHOOK_SECRET, `${t}.${body}`)}`,
      TORALE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SECRET: WEBHOOK_SECRET,
    },
    substitute: (line) =>
      line
        .replace(LOCAL_API_START, (start) => `${start} --port 0`)
        .replace(/^(torale local-api(?: start)? --port 0)(.*?) --port \d+/, "$1$2")
        .replaceAll("http://localhost:8000", api.url)
        .replaceAll("http://127.0.0.1:8000", api.url)
        .replaceAll("https://api.torale.ai", api.url)
        .replaceAll("http://127.0.0.1:8765/", `${hooks}/`),
    async [Symbol.asyncDispose]() {
      clearInterval(ticker);
      await approving;
      await api.close();
      await receiver[Symbol.asyncDispose]();
      await Deno.remove(home, { recursive: true });
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Opens `url` as a browser would, following redirects; fails unless the page loads. */
async function browse(url: string): Promise<void> {
  const response = await fetch(url.trim());
  await response.body?.cancel();
  assert.equal(response.status, 200, `seeding: GET ${url}`);
}

/** The user approving each connection a `connectors connect` started: its callback, opened. */
async function approveConnections(api: LocalApi): Promise<void> {
  const pending = api.db.prepare(
    "SELECT user_id, toolkit_slug, connected_account_id FROM user_connectors WHERE status = 'INITIATED'",
  ).all() as { user_id: string; toolkit_slug: string; connected_account_id: string }[];
  for (const row of pending) {
    const query = new URLSearchParams({
      user_id: row.user_id,
      status: "success",
      connectedAccountId: row.connected_account_id,
      appName: row.toolkit_slug,
    });
    await (await fetch(`${api.url}/api/v1/connectors/callback?${query}`)).body?.cancel();
  }
}

/** Waits until a run of the task has ended (the worker is fast in tests). */
async function settle(api: LocalApi, taskId: string): Promise<void> {
  const done = api.db.prepare(
    "SELECT count(*) AS n FROM executions WHERE task_id = ? AND status IN ('success', 'failed')",
  );
  for (let i = 0; i < 500; i++) {
    if ((done.get(taskId) as { n: number }).n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the seeded run of ${taskId} did not finish`);
}
