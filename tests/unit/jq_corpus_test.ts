/**
 * `--jq` against the jq it embeds: for every case of tests/fixtures/jq/corpus.json, what the CLI
 * prints piped is byte for byte what that jq wrote for `--json | jq -r -c '<expression>'`
 * (tests/fixtures/jq/reference.json, recorded by scripts/jq_reference.ts), and it fails the
 * same way, both through filterJson and as whole `torale api … --jq` commands.
 */
import assert from "node:assert/strict";
import { type CliError, UsageError } from "../../src/errors.ts";
import { filterJson } from "../../src/output/jq.ts";
import { clean } from "../../src/output/sanitize.ts";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { stubFetch } from "../helpers/fetch_stub.ts";
import type { Reference } from "../../scripts/jq_reference.ts";

const FIXTURES = new URL("../fixtures/jq/", import.meta.url);
const corpus = JSON.parse(await Deno.readTextFile(new URL("corpus.json", FIXTURES))) as {
  inputs: Record<string, string>;
  cases: { input: string; expression: string }[];
};
const reference = JSON.parse(await Deno.readTextFile(new URL("reference.json", FIXTURES))) as {
  jq: string;
  cases: Reference[];
};

/** How the CLI ends where jq ended so: ok, a usage error (did not compile), or a failure. */
function expectedEnd({ exitCode, stderr }: Reference): string {
  if (exitCode === 0) return "ok";
  return exitCode === 3 && /jq: \d+ compile errors?$/.test(stderr) ? "usage error" : "failure";
}

/** What jq wrote to stderr besides its error line (debug, stderr), as the CLI shows it. */
function expectedMessages(one: Reference): string {
  const end = expectedEnd(one);
  if (end === "ok") return clean(one.stderr);
  const at = one.stderr.search(/^jq: error/m);
  return end === "failure" && at > 0 ? clean(one.stderr.slice(0, at).replace(/\n$/, "")) : "";
}

/** The CLI's exit code for that end. */
const EXIT: Record<string, number> = { "ok": 0, "usage error": 2, "failure": 1 };

function endOf(error: CliError | undefined): string {
  if (error === undefined) return "ok";
  return error instanceof UsageError ? "usage error" : "failure";
}

Deno.test("the jq reference is recorded from the jq torale embeds, for every corpus case", async () => {
  const config = await Deno.readTextFile(new URL("../../deno.json", import.meta.url));
  const version = config.match(/"npm:jq-wasm@[^"]*-(jq-[\d.]+)\/inline"/)?.[1];
  assert.equal(reference.jq, version, "run scripts/jq_reference.ts after updating jq-wasm");
  assert.deepEqual(
    reference.cases.map(({ input, expression }) => ({ input, expression })),
    corpus.cases,
    "run scripts/jq_reference.ts after changing the corpus",
  );
  assert.ok(new Set(corpus.cases.map((one) => one.expression)).size >= 300);
});

Deno.test("piped --jq output is byte-identical to jq -r -c for every corpus case", async () => {
  const differences: string[] = [];
  for (const one of reference.cases) {
    const out = await filterJson(corpus.inputs[one.input], one.expression, { terminal: false });
    const where = `${one.input} | ${one.expression}`;
    if (out.stdout !== one.stdout) {
      differences.push(`${where}: ${JSON.stringify(out.stdout)} != ${JSON.stringify(one.stdout)}`);
    }
    if (endOf(out.error) !== expectedEnd(one)) {
      differences.push(`${where}: ${endOf(out.error)}, jq exited ${one.exitCode}`);
    }
    if (out.messages !== expectedMessages(one)) {
      differences.push(`${where}: messages ${JSON.stringify(out.messages)}`);
    }
  }
  assert.deepEqual(differences, []);
});

Deno.test("the corpus inputs are what torale api --json prints for such answers", async () => {
  for (const [name, text] of Object.entries(corpus.inputs)) {
    const result = await runApi(text, ["--json"]);
    assert.equal(result.stdout, text, name);
  }
});

Deno.test("whole torale api --jq runs print what jq prints, piped, for every case", async () => {
  for (const one of reference.cases) {
    const result = await runApi(corpus.inputs[one.input], ["--jq", one.expression]);
    const where = `${one.input} | ${one.expression}`;
    assert.equal(result.stdout, one.stdout, where);
    assert.equal(result.code, EXIT[expectedEnd(one)], where);
  }
});

const HOME = await tempHome();

/** `torale api /x <args>` (noauth) against a server answering `answer`. */
async function runApi(answer: string, args: string[]) {
  const stub = stubFetch([{
    method: "GET",
    path: "/x",
    respond: () =>
      new Response(answer, { status: 200, headers: { "content-type": "application/json" } }),
  }]);
  const result = await runInProcess(["api", "/x", ...args], {
    home: HOME,
    fetch: stub.fetch,
    env: { TORALE_NOAUTH: "1", TORALE_API_GENERATION: "classic" },
  });
  stub.assertDone();
  return result;
}
