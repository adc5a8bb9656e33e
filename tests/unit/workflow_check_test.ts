import assert from "node:assert/strict";
import { join } from "node:path";
import {
  actionsFiles,
  checkAction,
  checkRepository,
  checkWorkflow,
} from "../../scripts/workflow_check.ts";
import { CURRENT_LABELS, labelProblem, RETIRED_LABELS } from "../../scripts/runner_labels.ts";

/** A one-job workflow on `runsOn` (YAML text), with `matrix` (YAML text) when given. */
function workflow(runsOn: string, matrix = ""): string {
  return [
    "on: push",
    "jobs:",
    "  build:",
    ...(matrix
      ? ["    strategy:", "      matrix:", ...matrix.split("\n").map((l) => `        ${l}`)]
      : []),
    `    runs-on: ${runsOn}`,
    "    steps:",
    "      - run: echo hi",
    "",
  ].join("\n");
}

Deno.test("every workflow and action file of the repository passes the check", async () => {
  const { workflows, actions } = await actionsFiles();
  assert(workflows.includes(join(".github", "workflows", "release.yml")));
  assert(workflows.includes(join(".github", "workflows", "ci.yml")));
  assert(actions.includes("action.yml"), "the setup action is checked too");
  assert.deepEqual(await checkRepository(), []);
});

Deno.test("a job on macos-13 fails the check, with the day it was retired and what to use", () => {
  assert.deepEqual(checkWorkflow(workflow("macos-13")), [
    'job "build": runner label "macos-13" was retired on 2025-12-04: use macos-15-intel (Intel) or macos-15 (arm64)',
  ]);
  // Through a matrix, as the release workflow had it.
  const viaMatrix = checkWorkflow(
    workflow("${{ matrix.os }}", "include:\n  - { os: ubuntu-24.04 }\n  - { os: macos-13 }"),
  );
  assert.equal(viaMatrix.length, 1);
  assert.match(viaMatrix[0], /"macos-13" was retired on 2025-12-04/);
  assert.match(checkWorkflow(workflow("[windows-2019]"))[0], /"windows-2019" was retired/);
});

Deno.test("an unknown or unresolvable runner label fails the check; self-hosted is the owner's", () => {
  assert.match(
    checkWorkflow(workflow("macos-16-intel"))[0],
    /runner label "macos-16-intel" is not a GitHub-hosted runner known to scripts\/runner_labels\.ts/,
  );
  assert.match(
    checkWorkflow(workflow("${{ inputs.runner }}"))[0],
    /is an expression this check cannot resolve/,
  );
  assert.match(
    checkWorkflow(workflow("${{ matrix.os }}", "os: ${{ fromJSON(inputs.list) }}"))[0],
    /matrix\.os has no values|cannot be checked/,
  );
  assert.deepEqual(checkWorkflow(workflow("[self-hosted, linux, gpu]")), []);
  assert.deepEqual(checkWorkflow(workflow("${{ matrix.os }}", "os: [ubuntu-24.04, macos-15]")), []);
});

Deno.test("schema errors of a workflow and of an action are reported with their line", () => {
  const bad = workflow("ubuntu-24.04").replace(
    "      - run: echo hi",
    "      - run: echo hi\n        bogus: 1",
  );
  assert.deepEqual(checkWorkflow(bad), ["(Line: 7, Col: 9): Unexpected value 'bogus'"]);
  const unclosed = workflow("ubuntu-24.04").replace("echo hi", "echo ${{ github.ref");
  assert.match(checkWorkflow(unclosed)[0], /The expression is not closed/);
  // A composite step without its shell, an action without a description.
  assert.deepEqual(
    checkAction("name: x\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n"),
    [
      "(Line: 5, Col: 7): Required property is missing: shell",
      "(Line: 1, Col: 1): Required property is missing: description",
    ],
  );
});

Deno.test("the label lists: none both current and retired, every retirement dated", () => {
  for (const [label, { retired, use }] of Object.entries(RETIRED_LABELS)) {
    assert(!CURRENT_LABELS.includes(label), label);
    assert.match(retired, /^\d{4}-\d{2}-\d{2}$/);
    assert(use.length > 0);
  }
  assert.equal(labelProblem("macos-15-intel"), undefined);
});

Deno.test("the docs' CI recipes are valid workflows using the setup action with its own inputs", async () => {
  const { parse } = await import("yaml");
  const action = parse(await Deno.readTextFile(new URL("../../action.yml", import.meta.url)));
  let recipes = 0;
  for (const doc of ["README.md", "docs/guide/install.md", "docs/guide/monitors.md"]) {
    const text = await Deno.readTextFile(new URL(`../../${doc}`, import.meta.url));
    for (const [, block] of text.matchAll(/```yaml\n([\s\S]*?)```/g)) {
      if (!/uses: \S+\/\S+@v1\b/.test(block)) continue;
      recipes++;
      // A step list is checked as the steps of a one-job workflow.
      const steps = block.startsWith("steps:") ? block.replace(/^steps:\n/, "") : block;
      const workflow = block.includes("jobs:") ? block : [
        "on: push",
        "jobs:",
        "  recipe:",
        "    runs-on: ubuntu-24.04",
        "    steps:",
        ...steps.trimEnd().split("\n").map((line) => `      ${line}`),
        "",
      ].join("\n");
      assert.deepEqual(checkWorkflow(workflow), [], `${doc}:\n${block}`);
      const parsed = parse(workflow);
      for (
        const job of Object.values(parsed.jobs) as { steps: { uses?: string; with?: object }[] }[]
      ) {
        for (const step of job.steps.filter((s) => /^[^.]\S*\/\S+@v1$/.test(s.uses ?? ""))) {
          if (step.uses!.startsWith("actions/")) continue;
          for (const input of Object.keys(step.with ?? {})) {
            assert(input in action.inputs, `${doc}: the action has no input "${input}"`);
          }
        }
      }
    }
  }
  assert.equal(recipes, 3, "README, the install guide and the monitors guide each show it");
});
