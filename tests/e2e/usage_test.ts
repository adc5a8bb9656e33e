/**
 * Usage errors: every mistyped command, flag or argument gets one line per
 * problem in the CLI's own words, then one hint naming the help to read.
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runInProcess, tempHome } from "../helpers/cli.ts";

const KEY = "sk_" + "U".repeat(43);

Deno.test("each kind of usage error is named, then the help of the command or tree it reached", async () => {
  const home = await tempHome();
  const cases: [string[], string][] = [
    [
      ["auth", "stauts"],
      'Error: Unknown command "stauts"; did you mean `status`?\n' +
      "Run `torale auth --help` for the list of commands.\n",
    ],
    [
      ["auth", "keys", "lst"],
      'Error: Unknown command "lst"; did you mean `list`?\n' +
      "Run `torale auth keys --help` for the list of commands.\n",
    ],
    [["--bogus"], "Error: Unknown flag --bogus\nRun `torale --help` for usage.\n"],
    [["auth", "--bogus"], "Error: Unknown flag --bogus\nRun `torale auth --help` for usage.\n"],
    [
      ["task", "list", "--limt", "3"],
      "Error: Unknown flag --limt; did you mean --limit?\n" +
      "Run `torale task list --help` for usage.\n",
    ],
    [["task", "get", "-z"], "Error: Unknown flag -z\nRun `torale task get --help` for usage.\n"],
    [
      ["task", "list", "--limit"],
      "Error: Flag --limit needs a value\n" +
      "Run `torale task list --help` for usage.\n",
    ],
    [
      ["task", "create", "--query", "x", "-c"],
      "Error: Flag --condition needs a value\n" +
      "Run `torale task create --help` for usage.\n",
    ],
    [
      ["task", "create", "--query", "--condition", "x"],
      "Error: Flag --query needs a value, but --condition came next\n" +
      "Run `torale task create --help` for usage.\n",
    ],
    [
      ["task", "create"],
      "Error: Missing required flag --query\n" +
      "Error: Missing required flag --condition\n" +
      "Run `torale task create --help` for usage.\n",
    ],
    [
      ["task", "list", "extra"],
      'Error: Unexpected argument "extra": this command takes none\n' +
      "Run `torale task list --help` for usage.\n",
    ],
    [
      ["auth", "keys", "revoke", "a", "b"],
      'Error: Unexpected argument "b" (at most 1 expected)\n' +
      "Run `torale auth keys revoke --help` for usage.\n",
    ],
    [
      ["config", "set", "timeout"],
      "Error: Missing argument <value>\n" +
      "Run `torale config set --help` for usage.\n",
    ],
    [
      ["task", "list", "--limit", "abc"],
      'Error: Invalid value "abc" for --limit: expected a whole number of at least 1\n' +
      "Run `torale task list --help` for usage.\n",
    ],
    [
      ["task", "list", "--limit", "1.5"],
      'Error: Invalid value "1.5" for --limit: expected a whole number of at least 1\n' +
      "Run `torale task list --help` for usage.\n",
    ],
    [
      ["task", "list", "--limit", "1", "--limit", "2"],
      'Error: Flag --limit was given more than once ("1", then "2")\n' +
      "Run `torale task list --help` for usage.\n",
    ],
    [
      ["task", "logs", "x", "--status", "zzz"],
      'Error: Invalid value "zzz" for --status: expected one of success, failed, running, pending\n' +
      "Run `torale task logs --help` for usage.\n",
    ],
  ];
  for (const [args, stderr] of cases) {
    const result = await runInProcess(args, { home });
    assert.deepEqual(
      [result.code, result.stdout, result.stderr],
      [2, "", stderr],
      args.join(" "),
    );
  }
});

Deno.test("a key typed where a flag value belongs is redacted in the usage error", async () => {
  const result = await runInProcess(["task", "list", "--limit", KEY], {
    home: await tempHome(),
    secrets: [KEY],
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Error: Invalid value "sk_\.\.\.UUUUU" for --limit/);
});

Deno.test("--limit accepts whole numbers", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  for (const name of ["a", "b", "c"]) {
    const created = await runInProcess(
      ["task", "create", "--query", "q", "--condition", "c", "--name", name],
      { home, env },
    );
    assert.equal(created.code, 0, created.stderr);
  }
  const result = await runInProcess(["task", "list", "--limit", " 2 ", "--json"], { home, env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).length, 2);
});
