/**
 * `--jq <expr>`: every command that prints data filters exactly what `--json`
 * would print through jq, and prints it as `gh --jq` does: strings raw, other
 * values as JSON, one per line (compact when piped, pretty on a terminal).
 */
import assert from "node:assert/strict";
import { maskKey } from "../../src/output/mask.ts";
import { startTestApi } from "../helpers/api.ts";
import { commandLine, runInProcess, runNoAuth, runWithKey, tempHome } from "../helpers/cli.ts";
import { writeConfig } from "../helpers/config_file.ts";
import { json } from "../helpers/fetch_stub.ts";
import { createTask } from "../helpers/tasks.ts";

Deno.test("--jq filters what --json prints, in every command that prints data", async (t) => {
  await using api = await startTestApi();
  const rust = await createTask(api);
  const go = await createTask(api, ["-n", "Go 2", "--paused"]);
  const cases: [string[], string][] = [
    [["task", "list", "--jq", ".[].name"], "Go 2\nMonitor: Rust 2.0 release\n"],
    [["task", "list", "--jq", 'map(select(.state=="active")) | length'], "1\n"],
    [
      ["task", "get", rust.id, "--jq", ". | {id, name}"],
      `{"id":"${rust.id}","name":"Monitor: Rust 2.0 release"}\n`,
    ],
    [["task", "get", go.id.slice(0, 8), "--jq", ".state"], "paused\n"],
    [["auth", "status", "--jq", ".authenticated, .key"], `true\n${maskKey(api.key)}\n`],
    [["auth", "whoami", "--jq", ".email"], "user@example.com\n"],
    [["config", "--jq", ".timeout"], '{"value":30,"source":"default"}\n'],
    [["config", "get", "api_url", "--jq", ".value"], `${api.url}\n`],
    [["--jq", "[.[].id] | length", "task", "list"], "2\n"],
    [["task", "list", "--jq=.[0].name", "--json"], "Go 2\n"],
  ];
  for (const [args, stdout] of cases) {
    await t.step(commandLine(args), async () => {
      const result = await runWithKey(api, args);
      assert.equal(result.stderr, "");
      assert.equal(result.code, 0);
      assert.equal(result.stdout, stdout);
    });
  }
});

Deno.test("--jq output is compact when piped and pretty on a terminal", async () => {
  const body = [{ id: "abcd1111-0000-4000-8000-000000000000", name: "One", state: "active" }];
  const args = ["task", "list", "--jq", "(.[0] | {name, tags: [1, 2]}), .[0].name"];
  const fetch = () => Promise.resolve(json(200, body));
  const env = { TORALE_API_GENERATION: "classic" };
  const piped = await runNoAuth(args, { fetch, env });
  assert.equal(piped.stdout, '{"name":"One","tags":[1,2]}\nOne\n');
  const terminal = await runNoAuth(args, { fetch, env, stdoutIsTerminal: true });
  assert.equal(terminal.stdout, '{\n  "name": "One",\n  "tags": [\n    1,\n    2\n  ]\n}\nOne\n');
});

Deno.test("raw strings from the server cannot drive a terminal; piped they stay exact", async () => {
  const hostile = "Evil\x1b]52;c;aGk=\x07\rfake\u202eecnahc";
  const body = { id: "abcd1111-0000-4000-8000-000000000000", name: hostile, state: "active" };
  const fetch = () => Promise.resolve(json(200, body));
  const args = ["task", "get", body.id, "--jq", ".name"];
  const piped = await runNoAuth(args, { fetch });
  assert.equal(piped.stdout, hostile + "\n");
  const terminal = await runNoAuth(args, { fetch, stdoutIsTerminal: true });
  assert.equal(terminal.stdout, "Evil\\e]52;c;aGk=\\x07\\rfake\\u202eecnahc\n");
});

Deno.test("bad --jq input gives one clear line and the documented exit code", async (t) => {
  await using api = await startTestApi();
  await createTask(api);
  const cases: [string[], number, string][] = [
    [
      ["task", "list", "--jq", ".["],
      2,
      "Error: Invalid --jq expression: syntax error, unexpected end of file at line 1, column 2\n",
    ],
    [
      ["task", "list", "--jq", ".[] | nosuch(1)"],
      2,
      "Error: Invalid --jq expression: nosuch/1 is not defined at line 1, column 7\n",
    ],
    [
      ["task", "list", "--jq", ".[0].name | .foo"],
      1,
      'Error: The --jq expression failed: Cannot index string with string ("foo")\n',
    ],
    [
      ["task", "list", "--jq", 'error("no tasks wanted")'],
      1,
      "Error: The --jq expression failed: no tasks wanted\n",
    ],
    [
      ["task", "list", "--jq", ".", "--yaml"],
      2,
      "Error: Use either --jq or --yaml, not both: --jq filters JSON\n",
    ],
    [
      ["task", "list", "--jq", " "],
      2,
      "Error: Flag --jq needs a jq expression, as in --jq '.[].id'\n",
    ],
    [["task", "list", "--jq"], 2, "Error: Flag --jq needs a value\n"],
  ];
  for (const [args, code, stderr] of cases) {
    await t.step(commandLine(args), async () => {
      const result = await runWithKey(api, args);
      assert.equal(result.stderr, stderr);
      assert.equal(result.code, code);
      assert.equal(result.stdout, "");
    });
  }
});

Deno.test("results before a runtime error are printed, then the error, exit 1", async () => {
  const body = [{ name: "A" }, { name: "B" }, { name: "C" }];
  const result = await runNoAuth(
    ["task", "list", "--jq", '.[] | if .name == "B" then error("stop at B") else .name end'],
    { fetch: () => Promise.resolve(json(200, body)), env: { TORALE_API_GENERATION: "classic" } },
  );
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "A\n");
  assert.equal(result.stderr, "Error: The --jq expression failed: stop at B\n");
});

Deno.test("--jq debug messages go to stderr; an empty result prints nothing", async () => {
  const home = await tempHome();
  const debug = await runInProcess(["config", "--jq", ".timeout.value | debug"], { home });
  assert.equal(debug.code, 0, debug.stderr);
  assert.equal(debug.stdout, "30\n");
  assert.equal(debug.stderr, '["DEBUG:",30]\n');
  const empty = await runInProcess(["config", "--jq", "empty"], { home });
  assert.equal(empty.code, 0, empty.stderr);
  assert.equal(empty.stdout, "");
});

Deno.test("--jq means JSON, whatever output_format the config file sets", async () => {
  const home = await tempHome();
  await writeConfig(home, { output_format: "yaml" });
  const result = await runInProcess(["config", "get", "output_format", "--jq", "."], { home });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '{"value":"json","source":"flag"}\n');
});

Deno.test("a --jq expression that runs jq out of memory is an error in torale's words, exit 1", async () => {
  for (const expression of ["[range(1e8)]", '"x" * 1e9']) {
    const result = await runInProcess(["auth", "list", "--jq", expression], {
      home: await tempHome(),
    });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      /^Error: The --jq expression ran out of memory: the jq inside torale has 256 MiB\n/,
    );
    assert.doesNotMatch(result.stderr, /Aborted|bug in torale/);
  }
  const after = await runInProcess(["config", "--jq", ".timeout.value"], {
    home: await tempHome(),
  });
  assert.equal(after.code, 0, "a fresh jq after one ran out of memory");
  assert.equal(after.stdout, "30\n");
});

Deno.test("piped --jq writes separators and bidi marks raw as jq does; a terminal shows escapes", async () => {
  const name = "a\u2028b\u2029c\u202ed\u0085e\u200f";
  const body = { id: "abcd1111-0000-4000-8000-000000000000", name, state: "active" };
  const fetch = () => Promise.resolve(json(200, body));
  const args = ["task", "get", body.id, "--jq", ".name, {name}"];
  const piped = await runNoAuth(args, { fetch });
  assert.equal(piped.stdout, `${name}\n{"name":"${name}"}\n`);
  const terminal = await runNoAuth(args, { fetch, stdoutIsTerminal: true });
  assert.equal(
    terminal.stdout,
    "a\\u2028b\\u2029c\\u202ed\\x85e\\u200f\n" +
      '{\n  "name": "a\\u2028b\\u2029c\\u202ed\\u0085e\\u200f"\n}\n',
  );
});

Deno.test("--jq reads the text --json prints: input_line_number, and whitespace kept at both ends", async () => {
  const home = await tempHome();
  const json = await runInProcess(["config", "--json"], { home });
  const lines = await runInProcess(["config", "--jq", "input_line_number"], { home });
  assert.equal(lines.code, 0, lines.stderr);
  assert.equal(lines.stdout, `${json.stdout.split("\n").length - 1}\n`);
  assert.notEqual(lines.stdout, "0\n");
  const ends = await runInProcess(["config", "--jq", '"  x\\u2028", "\\ufeffy\\t"'], { home });
  assert.equal(ends.stdout, "  x\u2028\n\ufeffy\t\n");
});

Deno.test("--jq: input past the only input says so; an expression jq would take for options is refused", async () => {
  const home = await tempHome();
  const input = await runInProcess(["config", "--jq", "input"], { home });
  assert.equal(input.code, 1);
  assert.equal(
    input.stderr,
    "Error: The --jq expression failed: break (input read past the end: the JSON the command prints is the only input)\n",
  );
  const caught = await runInProcess(["config", "--jq", "try input catch ."], { home });
  assert.equal(caught.stdout, "break\n");
  const option = await runInProcess(["config", "--jq", "-length"], { home });
  assert.equal(option.code, 2);
  assert.equal(option.stdout, "");
  assert.equal(
    option.stderr,
    'Error: Invalid --jq expression: jq would read "-length" as options; put it in parentheses: (-length)\n',
  );
  const debugged = await runInProcess(["config", "--jq", '.timeout | debug | error("no")'], {
    home,
  });
  assert.equal(debugged.code, 1);
  assert.equal(
    debugged.stderr,
    '["DEBUG:",{"value":30,"source":"default"}]\nError: The --jq expression failed: no\n',
  );
  const halted = await runInProcess(["config", "--jq", '"stop" | halt_error(3)'], { home });
  assert.equal(
    halted.code,
    1,
    "halt_error(3) is a failure, not an expression that did not compile",
  );
  assert.equal(halted.stderr, "Error: The --jq expression failed: stop\n");
  const negative = await runInProcess(["config", "--jq", "-0, -.timeout.value"], { home });
  assert.equal(negative.stdout, "0\n-30\n");
});
