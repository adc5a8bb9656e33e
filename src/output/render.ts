/** Machine-readable output, and the one loader of the `yaml` package (imported only when needed). */
import { importPackage } from "../packages.ts";
import { hideDeniedEnv } from "../safe_env.ts";

/** Serialises `value` as pretty JSON or YAML, ending in a newline. */
export async function renderData(
  value: unknown,
  format: "json" | "yaml",
): Promise<string> {
  if (format === "json") return JSON.stringify(value, null, 2) + "\n";
  const { stringify } = await yamlPackage();
  return stringify(value, { lineWidth: 0 });
}

/** The `yaml` package, loaded now (also for the monitors file: parsed with positions). */
export async function yamlPackage(): ReturnType<typeof importPackage<"yaml">> {
  // Its parser reads LOG_TOKENS and LOG_STREAM, which the CLI may not: they then look unset.
  // yaml imports node:process itself, so this costs nothing more.
  const { default: process } = await import("node:process");
  hideDeniedEnv(process);
  return await importPackage("yaml");
}
