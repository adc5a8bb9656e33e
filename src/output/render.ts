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
 * `value` as YAML (no line folding), with C1 controls, bidi characters and separators written
 * as escapes: a string holding one is double-quoted, the only YAML style an escape works in.
 */
export async function yamlText(value: unknown): Promise<string> {
  const yaml = await yamlPackage();
  const doc = new yaml.Document(value);
  yaml.visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string" && needsDataEscape(node.value)) {
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
