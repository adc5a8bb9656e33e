/**
 * Records what the jq inside torale (jq-wasm: jq compiled to WebAssembly) writes for every case
 * of tests/fixtures/jq/corpus.json, as `torale … --json | jq -r -c '<expression>'` would run
 * it: the input on stdin, strings raw, other values compact, one per line. The result,
 * tests/fixtures/jq/reference.json, is what tests/output/jq_corpus_test.ts holds `--jq` to.
 *
 *   deno task jq-reference
 *
 * jq-wasm's raw() returns stdout decoded and trimmed (whitespace at both ends, a leading
 * byte-order mark): what jq wrote is recovered from a second run with -a, where every result
 * is one ASCII line, then checked against the trimmed plain run, so both runs must agree.
 * jq-wasm runs `jq [flags] <query> /dev/stdin`; the expression goes among the flags and "-L"
 * in the query's place, so /dev/stdin is a module path and jq reads stdin as `… | jq` does.
 * This script loads jq-wasm itself, not through src/output/jq.ts: the reference must not share
 * the code it checks.
 */
import { loadJq } from "jq-wasm";

/** The corpus: named inputs (as `--json` prints them) and (input, expression) cases. */
interface Corpus {
  inputs: Record<string, string>;
  cases: { input: string; expression: string }[];
}

/** What jq did with one case. */
export interface Reference {
  input: string;
  expression: string;
  /** The bytes jq wrote to stdout (as UTF-8 text). */
  stdout: string;
  /** jq's exit status: 0, 3 (does not compile), 5 (failed), or what halt_error chose. */
  exitCode: number;
  /** What jq wrote to stderr, as jq-wasm returns it (trimmed). */
  stderr: string;
}

const FIXTURES = new URL("../tests/fixtures/jq/", import.meta.url);

/** A JSON string literal's text, with \uXXXX pairs and lone units decoded as JSON.parse does. */
function decodeLine(line: string): string {
  if (line.startsWith('"')) return JSON.parse(line) as string;
  // Outside strings -a changes nothing; inside them it writes U+0080 and above as \uXXXX.
  let out = "";
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== "\\") {
      out += line[i];
      continue;
    }
    const next = line[i + 1];
    const code = next === "u" ? Number.parseInt(line.slice(i + 2, i + 6), 16) : -1;
    if (code >= 0x80) {
      out += String.fromCharCode(code);
      i += 5;
    } else {
      out += "\\" + next;
      i += 1;
    }
  }
  return out;
}

/** What jq-wasm's raw() makes of `written`: decoded (a leading BOM dropped), then trimmed. */
function asRawReturnsIt(written: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(written)).trim();
}

/** Runs every case; throws when the two runs of a case disagree. */
export async function references(corpus: Corpus): Promise<Reference[]> {
  const jq = await loadJq();
  const out: Reference[] = [];
  for (const { input, expression } of corpus.cases) {
    const text = corpus.inputs[input];
    if (text === undefined) throw new Error(`no input "${input}"`);
    const plain = jq.raw(text, "-L", ["-r", "-c", expression]);
    const ascii = jq.raw(text, "-L", ["-r", "-c", "-a", expression]);
    const lines = ascii.stdout === "" ? [] : ascii.stdout.split("\n");
    const stdout = lines.map((line) => decodeLine(line) + "\n").join("");
    const where = `${input} | ${expression}`;
    if (asRawReturnsIt(stdout) !== plain.stdout) {
      throw new Error(
        `${where}: -a output ${JSON.stringify(stdout)} is not ${JSON.stringify(plain.stdout)}`,
      );
    }
    if (ascii.exitCode !== plain.exitCode) throw new Error(`${where}: exit codes differ`);
    out.push({ input, expression, stdout, exitCode: plain.exitCode, stderr: plain.stderr });
  }
  return out;
}

if (import.meta.main) {
  const corpus = JSON.parse(await Deno.readTextFile(new URL("corpus.json", FIXTURES))) as Corpus;
  const jq = await loadJq();
  const cases = await references(corpus);
  const file = new URL("reference.json", FIXTURES);
  // All ASCII: the invisible and bidi characters of the corpus stay visible in a diff.
  const text = JSON.stringify({ jq: jq.version, flags: "-r -c", cases }, null, 2)
    // deno-lint-ignore no-control-regex
    .replace(/[^\x00-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  await Deno.writeTextFile(file, text + "\n");
  const failed = cases.filter((one) => one.exitCode !== 0).length;
  console.log(`${cases.length} cases (${failed} end in an error) recorded with ${jq.version}`);
}
