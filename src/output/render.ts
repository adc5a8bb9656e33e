/** Machine-readable output. The `yaml` package is imported only for --yaml. */
import { importPackage } from "../packages.ts";

/** Serialises `value` as pretty JSON or YAML, ending in a newline. */
export async function renderData(
  value: unknown,
  format: "json" | "yaml",
): Promise<string> {
  if (format === "json") return JSON.stringify(value, null, 2) + "\n";
  const { stringify } = await importPackage("yaml");
  return stringify(value, { lineWidth: 0 });
}
