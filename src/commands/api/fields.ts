/**
 * The fields of `torale api`, as `gh api` takes them: `-f/--raw-field key=value` sends the
 * text as a string, `-F/--field key=value` sends `true`, `false`, `null` and numbers as
 * JSON and `@file` (`@-`: stdin) as the file's text. In a query both are the text.
 */
import type { Deps } from "../../deps.ts";
import { CliError, UsageError } from "../../errors.ts";
import { decodeUtf8, readInput } from "../../kit/input.ts";

/** A field: its text (for a query) and the JSON it sends in a body. */
export interface Field {
  text: string;
  json: string;
  /** A `-f` value that `-F` would have typed (true, false, null, a number). */
  looksTyped: boolean;
}

/** Fields by key, in the order given (`-f` ones first). */
export type Fields = Map<string, Field>;

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function typedJson(text: string): string | undefined {
  // A number's own text: 9007199254740993 stays exact, where Number() would round it.
  return text === "true" || text === "false" || text === "null" || JSON_NUMBER.test(text)
    ? text
    : undefined;
}

function split(spec: string): [string, string] {
  const eq = spec.indexOf("=");
  if (eq < 1) throw new UsageError(`Invalid field "${spec}": expected key=value`);
  return [spec.slice(0, eq), spec.slice(eq + 1)];
}

/** The largest `@file` a field reads (bodies are bounded at 64 MiB as a whole). */
const MAX_FIELD_FILE_BYTES = 16 * 1024 * 1024;

/** `@file` or `@-` of a `-F` field: the text it names. */
async function readValue(deps: Deps, key: string, name: string): Promise<string> {
  const what = `the file of field "${key}" ("${name}")`;
  try {
    return decodeUtf8(await readInput(deps, name, { limit: MAX_FIELD_FILE_BYTES, what }), what);
  } catch (error) {
    if (error instanceof CliError || error instanceof Deno.errors.NotCapable) throw error;
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`Cannot read the file of field "${key}" ("${name}"): no such file`);
    }
    throw new CliError(`Cannot read the file of field "${key}" ("${name}"): ${error}`);
  }
}

/** The `-f` (raw) and `-F` (typed) fields; a key given twice is a usage error. */
export async function readFields(
  deps: Deps,
  given: { raw?: readonly string[]; typed?: readonly string[] },
): Promise<Fields> {
  const found: Fields = new Map();
  const add = (key: string, field: Field) => {
    if (found.has(key)) throw new UsageError(`Field "${key}" is given twice`);
    found.set(key, field);
  };
  for (const spec of given.raw ?? []) {
    const [key, text] = split(spec);
    add(key, { text, json: JSON.stringify(text), looksTyped: typedJson(text) !== undefined });
  }
  for (const spec of given.typed ?? []) {
    const [key, value] = split(spec);
    const text = value.startsWith("@") ? await readValue(deps, key, value.slice(1)) : value;
    const json = value.startsWith("@") ? JSON.stringify(text) : typedJson(text);
    add(key, { text, json: json ?? JSON.stringify(text), looksTyped: false });
  }
  return found;
}

/** The JSON object text of `fields`, each value's JSON as it is (big numbers exact). */
export function bodyText(fields: Fields): string {
  return `{${[...fields].map(([key, field]) => `${JSON.stringify(key)}:${field.json}`).join(",")}}`;
}
