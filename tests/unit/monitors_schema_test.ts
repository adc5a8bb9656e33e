/**
 * `torale schema` and `torale plan` agree on every file of a corpus (tests/fixtures/monitors):
 * the schema through an independent JSON Schema validator (ajv, draft 2020-12), plan through
 * parseMonitorFile and buildPlan against an empty account of each API generation. The only
 * files they may disagree on are the ones the schema cannot judge; each is accepted by the
 * schema, refused by plan, and its rule is named in the schema's descriptions.
 */
import assert from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse as parseYaml, YAMLParseError } from "yaml";
import schema from "../../schema/torale.schema.json" with { type: "json" };
import type { Generation } from "../../src/api/generation.ts";
import { UsageError } from "../../src/errors.ts";
import { decodeUtf8 } from "../../src/kit/input.ts";
import { parseMonitorFile } from "../../src/commands/monitors/file.ts";
import { buildPlan } from "../../src/commands/monitors/plan_model.ts";
import { SCHEMA_FILE, schemaText } from "../../scripts/schema.ts";

interface Case {
  file: string;
  expect: "valid" | "invalid" | "plan-only";
  /** A part of plan's error, for a file plan refuses. */
  plan?: string;
  /** For a plan-only file: the words of the schema's description that name its rule. */
  rule?: string;
}

const DIR = new URL("../fixtures/monitors/", import.meta.url);
const CASES: Case[] = JSON.parse(await Deno.readTextFile(new URL("cases.json", DIR)));
const GENERATIONS: Generation[] = ["classic", "current"];

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

/**
 * The schema's verdict, as an editor or CI tool reaches it: a reader turns the file into
 * data (a JSON reader for .json, a YAML 1.2 reader otherwise; bytes that are not UTF-8 are
 * replaced, as most readers do), then the validator judges the data. A file no reader takes
 * is refused.
 */
function schemaAccepts(bytes: Uint8Array, file: string): boolean {
  const text = new TextDecoder().decode(bytes);
  let data: unknown;
  try {
    data = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof YAMLParseError) return false;
    throw error;
  }
  return validate(data) === true;
}

/** Plan's verdict against an empty account: undefined when accepted, else its error. */
async function planRefusal(
  bytes: Uint8Array,
  file: string,
  generation: Generation,
): Promise<string | undefined> {
  try {
    const parsed = await parseMonitorFile(decodeUtf8(bytes, file), file);
    buildPlan(parsed, [], generation, false);
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

Deno.test("the corpus has every file listed once, at least 64, of all three kinds", async () => {
  const files = [];
  for await (const entry of Deno.readDir(DIR)) {
    if (entry.name !== "cases.json") files.push(entry.name);
  }
  assert.deepEqual(files.sort(), CASES.map((c) => c.file).sort());
  assert.ok(CASES.length >= 64, `${CASES.length} files`);
  for (const kind of ["valid", "invalid", "plan-only"]) {
    assert.ok(CASES.some((c) => c.expect === kind), kind);
  }
});

for (const generation of GENERATIONS) {
  Deno.test(`schema and plan (${generation} API) accept and refuse the same files`, async () => {
    const wrong: string[] = [];
    for (const c of CASES) {
      const bytes = await Deno.readFile(new URL(c.file, DIR));
      const bySchema = schemaAccepts(bytes, c.file);
      const refusal = await planRefusal(bytes, c.file, generation);
      const byPlan = refusal === undefined;
      const schemaShould = c.expect !== "invalid";
      const planShould = c.expect === "valid";
      if (bySchema !== schemaShould || byPlan !== planShould) {
        wrong.push(
          `${c.file}: schema ${bySchema ? "accepts" : "refuses"}, plan ${refusal ?? "accepts"}`,
        );
      } else if (c.plan && !refusal!.includes(c.plan)) {
        wrong.push(`${c.file}: plan refuses for another reason: ${refusal}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
}

Deno.test("each rule only plan checks is named in the schema's descriptions", () => {
  const descriptions: string[] = [];
  const collect = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "description" && typeof value === "string") descriptions.push(value);
      else collect(value);
    }
  };
  collect(schema);
  const text = descriptions.join("\n");
  const unnamed = CASES.filter((c) => c.expect === "plan-only")
    .filter((c) => !c.rule || !text.includes(c.rule))
    .map((c) => `${c.file}: ${c.rule}`);
  assert.deepEqual(unnamed, []);
});

Deno.test("schema/torale.schema.json is what deno task schema writes", async () => {
  assert.equal(await Deno.readTextFile(SCHEMA_FILE), schemaText());
});
