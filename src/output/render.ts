/** Machine-readable output, and the one loader of the `yaml` package (imported only when needed). */
import { importPackage } from "../packages.ts";

/** Serialises `value` as pretty JSON or YAML, ending in a newline. */
export async function renderData(
  value: unknown,
  format: "json" | "yaml",
): Promise<string> {
  if (format === "json") return JSON.stringify(value, null, 2) + "\n";
  const { stringify } = await yamlPackage();
  return stringify(value, { lineWidth: 0 });
}

/** The `yaml` package, loaded now: for the monitors file (parsed with positions, written sorted). */
export function yamlPackage(): ReturnType<typeof importPackage<"yaml">> {
  return importPackage("yaml");
}
