/** What .github/workflows/release.yml promises, read from the file itself. */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { TARGETS } from "../../scripts/compile.ts";
import { labelProblem } from "../../scripts/runner_labels.ts";

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const workflow = parse(
  await Deno.readTextFile(new URL("../../.github/workflows/release.yml", import.meta.url)),
);
const build = workflow.jobs.build;
const steps: Step[] = build.steps;
const release = workflow.jobs.release;
const releaseSteps: Step[] = release.steps;
const runs = (pattern: RegExp) => steps.filter((s) => s.run && pattern.test(s.run));

Deno.test("releases start on full version tags only; pull requests and dispatch are dry runs", () => {
  assert.deepEqual(workflow.on.push.tags, ["v[0-9]+.[0-9]+.[0-9]+"]);
  assert.equal(workflow.on.push.branches, undefined);
  assert("pull_request" in workflow.on);
  assert("workflow_dispatch" in workflow.on);
  // The dry run builds and runs everything; only a tag push publishes.
  assert.equal(build.if, undefined);
  assert.equal(release.if, "github.event_name == 'push' && github.ref_type == 'tag'");
  assert.deepEqual(workflow.permissions, { contents: "read" });
});

Deno.test("five targets, each on a current runner of its own OS and CPU", () => {
  const matrix: { os: string; target: string; exe: string }[] = build.strategy.matrix.include;
  assert.deepEqual(matrix.map((m) => m.target).sort(), [...TARGETS].sort());
  const os = Object.fromEntries(matrix.map((m) => [m.target, m.os]));
  assert.deepEqual(os, {
    "x86_64-unknown-linux-gnu": "ubuntu-24.04",
    "aarch64-unknown-linux-gnu": "ubuntu-24.04-arm",
    "x86_64-apple-darwin": "macos-15-intel",
    "aarch64-apple-darwin": "macos-15",
    "x86_64-pc-windows-msvc": "windows-2025",
  });
  for (const m of matrix) assert.equal(labelProblem(m.os), undefined, m.os);
  assert.equal(matrix.find((m) => m.target.includes("windows"))!.exe, ".exe");
  assert.equal(build["runs-on"], "${{ matrix.os }}");
  assert.equal(build.strategy["fail-fast"], false, "one OS failing still shows the others");
});

Deno.test("every build job runs its own binary: no step is guarded to Linux but the Secret Service", () => {
  const guarded = steps.filter((s) => s.if !== undefined);
  assert.deepEqual(guarded.map((s) => s.if), ["runner.os == 'Linux'"]);
  assert.match(guarded[0].run!, /apt-get install .*gnome-keyring dbus/);
  assert(!steps.some((s) => JSON.stringify(s).includes("matrix.target ==")));
  assert.equal(
    build.defaults.run.shell,
    "bash",
    "one shell on all three OSes (Git Bash on Windows)",
  );
  assert.equal(build.env.BINARY, "torale-${{ matrix.target }}${{ matrix.exe }}");
  // The binary by its OS's own path form: C:\...\torale-x86_64-pc-windows-msvc.exe on Windows.
  const where = runs(/TORALE_BIN=/)[0].run!;
  assert.match(where, /cygpath -w/);
  assert.match(where, />> "\$GITHUB_ENV"/);
  assert.match(runs(/--version/)[0].run!, /grep -qx "Target \$\{\{ matrix\.target \}\}"/);
  for (
    const suite of [
      "seed_test.ts",
      "monitors_test.ts",
      "local_api_test.ts",
      "keychain_test.ts",
      "artifact_test.ts",
      "proxy_test.ts",
    ]
  ) {
    assert.equal(runs(new RegExp(`deno test \\$TEST_FLAGS .*tests/e2e/${suite}`)).length, 1, suite);
  }
  // The credential store test runs with the OS's own store and must not be skipped.
  const store = steps.find((s) => s.run?.includes("keychain_test.ts"))!;
  assert.equal(store.env?.TORALE_TEST_OS_KEYCHAIN, "1");
  assert.match(store.run!, /grep -Eq .*keys in \(a real Secret Service\|the OS's own store\)/);
  const compile = runs(/deno task compile/)[0].run!;
  assert.match(compile, /--target \$\{\{ matrix\.target \}\}/);
  assert.match(compile, /--expect-version \{0\}', github\.ref_name/);
});

Deno.test("the release attests every binary and SHA256SUMS and notes what each was checked with", () => {
  assert.deepEqual(release.needs, "build");
  assert.deepEqual(release.permissions, {
    contents: "write",
    "id-token": "write",
    attestations: "write",
  });
  const attest = releaseSteps.find((s) => s.uses?.startsWith("actions/attest-build-provenance@"))!;
  assert.equal(attest.if, "${{ !github.event.repository.private }}");
  assert.deepEqual(attest.with!["subject-path"].trim().split("\n"), [
    "dist/torale-*-gnu",
    "dist/torale-*-darwin",
    "dist/torale-*.exe",
    "dist/SHA256SUMS",
  ]);
  // Without the plan attestations need, the step is skipped with a note, not failed.
  const note = releaseSteps.find((s) => s.if === "${{ github.event.repository.private }}")!;
  assert.match(note.run!, /::notice title=Build provenance skipped::/);
  assert.match(releaseSteps.find((s) => s.run?.includes("SHA256SUMS"))!.run!, /sha256sum -c/);
  const notes = releaseSteps.find((s) => s.run?.includes("notes.md"))!.run!;
  assert.match(notes, /dist\/\*\.checks\.md/);
  const publish = releaseSteps.find((s) => s.uses?.startsWith("softprops/action-gh-release@"))!;
  assert.equal(publish.with!.body_path, "notes.md");
  // Each build job writes its checks file, uploaded beside its binary.
  assert.equal(build.env.CHECKS, "dist/torale-${{ matrix.target }}.checks.md");
  assert(runs(/>> "\$CHECKS"/).length >= 5);
  assert.match(releaseSteps.at(-1)!.run!, /git push -f origin "refs\/tags\/\$major"/);
});

Deno.test("action.yml: resolve, a cache keyed by version and target, install; the key via env", async () => {
  const action = parse(await Deno.readTextFile(new URL("../../action.yml", import.meta.url)));
  assert.equal(action.runs.using, "composite");
  assert.deepEqual(Object.keys(action.inputs), [
    "version",
    "api-key",
    "api-url",
    "verify-attestation",
    "github-token",
  ]);
  assert.equal(action.inputs.version.default, "latest");
  const [resolve, cache, install] = action.runs.steps as Step[];
  assert.equal(resolve.run, 'node "$GITHUB_ACTION_PATH/scripts/setup_action.mjs" resolve');
  assert.match(cache.uses!, /^actions\/cache@v\d+$/);
  assert.equal(cache.with!.path, "${{ steps.resolve.outputs.dir }}");
  assert.equal(
    cache.with!.key,
    "torale-${{ steps.resolve.outputs.version }}-${{ steps.resolve.outputs.target }}",
  );
  assert.equal(install.run, 'node "$GITHUB_ACTION_PATH/scripts/setup_action.mjs" install');
  // Inputs reach the script as variables, never spliced into a shell line.
  assert.equal(install.env!.TORALE_SETUP_API_KEY, "${{ inputs.api-key }}");
  assert(!JSON.stringify(action.runs.steps.map((s: Step) => s.run)).includes("inputs."));
});
