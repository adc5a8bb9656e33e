/** Machine-readable output, and the one loader of the `yaml` package (imported only when needed). */
import { importPackage } from "../packages.ts";
import { hideDeniedEnv } from "../safe_env.ts";
import { escapeInData, needsDataEscape } from "./sanitize.ts";

/** Serialises `value` as pretty JSON or YAML, ending in a newline. */
export async function renderData(
  value: unknown,
  format: "json" | "yaml",
): Promise<string> {
  // Exact data, but C1 controls and bidi characters written as escapes (see escapeInData).
  if (format === "json") return escapeInData(JSON.stringify(value, null, 2)) + "\n";
  return await yamlText(value);
}

/**
 * What a YAML 1.1 reader (PyYAML, most CI tools) resolves to something other than a string when
 * it is written plain: `yes`/`off` booleans, `0b101` and `1:20` numbers, dates, `<<` merges,
 * `=`. The `yaml` package writes for YAML 1.2, where these are strings, so it leaves them plain.
 * PyYAML also refuses a tab inside a plain scalar.
 */
const YAML11_NOT_TEXT = new RegExp(
  "^(?:" + [
    "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
    "~|null|Null|NULL|<<|=",
    "[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)",
    "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?",
    "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)",
    "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?" +
    "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?",
  ].join("|") + ")$|\\t",
);

/**
 * `value` as YAML (no line folding), with C1 controls, bidi characters and separators written
 * as escapes: a string holding one is double-quoted, the only YAML style an escape works in.
 * So is a string a YAML 1.1 reader would take for something else (a name `NO`, a time `1:20`).
 */
export async function yamlText(value: unknown): Promise<string> {
  const yaml = await yamlPackage();
  const doc = new yaml.Document(value);
  yaml.visit(doc, {
    Scalar(_, node) {
      if (
        typeof node.value === "string" &&
        (needsDataEscape(node.value) || YAML11_NOT_TEXT.test(node.value))
      ) {
        node.type = "QUOTE_DOUBLE";
      }
    },
  });
  return escapeInData(doc.toString({ lineWidth: 0 }));
}

/** The `yaml` package, loaded now (also for the monitors file: parsed with positions). */
export async function yamlPackage(): ReturnType<typeof importPackage<"yaml">> {
  // Its parser reads LOG_TOKENS and LOG_STREAM, which the CLI may not: they then look unset.
  // yaml imports node:process itself, so this costs nothing more.
  const { default: process } = await import("node:process");
  hideDeniedEnv(process);
  return await importPackage("yaml");
}
