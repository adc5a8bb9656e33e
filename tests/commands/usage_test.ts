/**
 * Usage errors: every mistyped command, flag or argument gets one line per
 * problem in the CLI's own words, then one hint naming the help to read.
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { commandLine, runInProcess, runWithKey, tempHome } from "../helpers/cli.ts";
import { dedent } from "../helpers/dedent.ts";

const KEY = "sk_" + "U".repeat(43);

Deno.test("each kind of usage error is named, then the help of the command or tree it reached", async (ctx) => {
  const home = await tempHome();
  const cases: [string[], string][] = [
    [
      ["auth", "stauts"],
      dedent`
        Error: Unknown command "stauts"; did you mean \`torale auth status\`?
        Run \`torale auth --help\` for the list of commands.
      `,
    ],
    [
      ["auth", "keys", "lst"],
      dedent`
        Error: Unknown command "lst"; did you mean \`torale auth keys list\`?
        Run \`torale auth keys --help\` for the list of commands.
      `,
    ],
    [
      ["--bogus"],
      dedent`
        Error: Unknown flag --bogus
        Run \`torale --help\` for usage.
      `,
    ],
    [
      ["auth", "--bogus"],
      dedent`
        Error: Unknown flag --bogus
        Run \`torale auth --help\` for usage.
      `,
    ],
    [
      ["task", "list", "--limt", "3"],
      dedent`
        Error: Unknown flag --limt; did you mean --limit?
        Run \`torale task list --help\` for usage.
      `,
    ],
    [
      ["task", "list", "--jsno"],
      dedent`
        Error: Unknown flag --jsno; did you mean --json?
        Run \`torale task list --help\` for usage.
      `,
    ],
    [
      ["task", "create", "--run-imediately"],
      dedent`
        Error: Unknown flag --run-imediately; did you mean --run-immediately?
        Run \`torale task create --help\` for usage.
      `,
    ],
    [
      ["task", "list", "--hlep"],
      dedent`
        Error: Unknown flag --hlep; did you mean --help?
        Run \`torale task list --help\` for usage.
      `,
    ],
    [
      ["task", "--no-colour"],
      dedent`
        Error: Unknown flag --no-colour; did you mean --no-color?
        Run \`torale task --help\` for usage.
      `,
    ],
    [
      ["--verison"],
      dedent`
        Error: Unknown flag --verison; did you mean --version?
        Run \`torale --help\` for usage.
      `,
    ],
    [
      ["task", "get", "-z"],
      dedent`
        Error: Unknown flag -z
        Run \`torale task get --help\` for usage.
      `,
    ],
    [
      ["task", "list", "--limit"],
      dedent`
        Error: Flag --limit needs a value
        Run \`torale task list --help\` for usage.
      `,
    ],
    [
      ["task", "create", "--query", "x", "-c"],
      dedent`
        Error: Flag --condition needs a value
        Run \`torale task create --help\` for usage.
      `,
    ],
    [
      ["task", "create", "--query", "--condition", "x"],
      dedent`
        Error: Flag --query needs a value, but --condition came next
        Run \`torale task create --help\` for usage.
      `,
    ],
    [
      ["task", "create"],
      dedent`
        Error: Missing --query and --condition
        Give both -q and -c, or start from a template: --template <id> (see torale template list).
      `,
    ],
    [
      ["task", "list", "extra"],
      dedent`
        Error: Unexpected argument "extra": this command takes none
        Run \`torale task list --help\` for usage.
      `,
    ],
    [
      ["auth", "keys", "revoke", "a", "b"],
      dedent`
        Error: Unexpected argument "b" (at most 1 expected)
        Run \`torale auth keys revoke --help\` for usage.
      `,
    ],
    [
      ["config", "set", "timeout"],
      dedent`
        Error: Missing argument <value>
        Run \`torale config set --help\` for usage.
      `,
    ],
    [
      ["task", "list", "--limit", "abc"],
      dedent`
        Error: Invalid value "abc" for --limit: expected a whole number of at least 1
        Run \`torale task list --help\` for usage.
      `,
    ],
    [
      ["task", "list", "--limit", "1.5"],
      dedent`
        Error: Invalid value "1.5" for --limit: expected a whole number of at least 1
        Run \`torale task list --help\` for usage.
      `,
    ],
    [
      ["task", "list", "--limit", "1", "--limit", "2"],
      dedent`
        Error: Flag --limit was given more than once ("1", then "2")
        Run \`torale task list --help\` for usage.
      `,
    ],
    [
      ["task", "logs", "x", "--status", "zzz"],
      dedent`
        Error: Invalid value "zzz" for --status: expected one of success, failed, running, pending
        Run \`torale task logs --help\` for usage.
      `,
    ],
  ];
  for (const [args, stderr] of cases) {
    await ctx.step(commandLine(args), async () => {
      const result = await runInProcess(args, { home });
      assert.deepEqual(
        [result.code, result.stdout, result.stderr],
        [2, "", stderr],
        args.join(" "),
      );
    });
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
  for (const name of ["a", "b", "c"]) {
    const created = await runWithKey(
      t,
      ["task", "create", "--query", "q", "--condition", "c", "--name", name],
      { home },
    );
    assert.equal(created.code, 0, created.stderr);
  }
  const result = await runWithKey(t, ["task", "list", "--limit", " 2 ", "--json"], { home });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).length, 2);
});

Deno.test("a usage error on a narrow terminal continues under its text, the help command whole", async () => {
  const result = await runInProcess(["task", "logs", "x", "--status", "zzz"], {
    home: await tempHome(),
    stderrIsTerminal: true,
    columns: 44,
  });
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    dedent`
      Error: Invalid value "zzz" for --status:
             expected one of success, failed,
             running, pending
      Run \`torale task logs --help\` for usage.
    `,
  );
});
