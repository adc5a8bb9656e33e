/**
 * What `--yaml` and `export` write is read back as the same strings by a YAML 1.2 reader (the
 * `yaml` package) and by a YAML 1.1 one (PyYAML, what most CI tools use), and `plan` reads an
 * exported file back with every name as it was.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { renderData } from "../../src/output/render.ts";
import { exportText } from "../../src/commands/monitors/export.ts";
import { parseMonitorFile } from "../../src/commands/monitors/file.ts";
import type { Task, TaskId } from "../../src/api/types.ts";

/** Strings YAML 1.1 or 1.2 readers take for something else when written plain. */
const HOSTILE = [
  "NO",
  "no",
  "Yes",
  "on",
  "OFF",
  "y",
  "N",
  "true",
  "False",
  "null",
  "Null",
  "~",
  "",
  "1:20",
  "-1:30:00",
  "190:20:30.15",
  "0b101",
  "0o17",
  "017",
  "0x1F",
  "1_000",
  "1e3",
  "3.10",
  "007",
  "-0",
  ".inf",
  "-.Inf",
  ".NaN",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "2001-12-14 21:59:43.10 -5",
  "<<",
  "=",
  "a\tb",
  "\ttab first",
  "trailing space ",
  " leading",
  "# not a comment",
  "- not a list",
  "key: value",
  "[1]",
  "{a: 1}",
  "&anchor",
  "*alias",
  "!tag",
  "|",
  ">",
  "@at",
  "`tick",
  "%percent",
  "'single'",
  '"double"',
  "multi\nline",
  "plain text",
  "https://example.com/a?b=1#c",
  "Café",
  "名前",
];

async function pyyaml(text: string): Promise<unknown> {
  const script = "import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))";
  const child = new Deno.Command("python3", {
    args: ["-c", script],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout));
}

const hasPyYaml = await new Deno.Command("python3", { args: ["-c", "import yaml"] }).output()
  .then((out) => out.success, () => false);

const value = {
  names: Object.fromEntries(HOSTILE.map((s, i) => [s, i])),
  values: HOSTILE,
};

Deno.test("--yaml output reads back as the same strings in the yaml package", async () => {
  assert.deepEqual(parse(await renderData(value, "yaml")), value);
});

Deno.test({
  name: "--yaml output reads back as the same strings in PyYAML (YAML 1.1)",
  ignore: !hasPyYaml,
  fn: async () => {
    assert.deepEqual(await pyyaml(await renderData(value, "yaml")), value);
  },
});

function task(name: string, i: number): Task {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}` as TaskId,
    name,
    state: "active",
    search_query: HOSTILE[(i + 1) % HOSTILE.length] || "q",
    condition_description: HOSTILE[(i + 2) % HOSTILE.length] || "c",
    created_at: "2026-01-01T00:00:00Z",
  };
}

Deno.test("export then plan reads every name back as it was, << and 007 included", async () => {
  const names = HOSTILE.filter((name) => name.trim() !== "" && !name.includes("\n"));
  const text = await exportText(names.map(task), "current");
  const file = await parseMonitorFile(text, "torale.yaml");
  assert.deepEqual(file.tasks.map((t) => t.name).sort(), [...names].sort());
  if (hasPyYaml) {
    const read = await pyyaml(text) as { tasks: Record<string, unknown> };
    assert.deepEqual(Object.keys(read.tasks).sort(), [...names].sort());
  }
});
