/** How the doctor's report looks on a terminal: one `✓`/`✗` line per check, fixes below. */
import type { Colors } from "../../color.ts";
import { wrapProseLine } from "../../output/wrap.ts";
import type { Check, CheckName } from "./checks.ts";

const LABELS: Record<CheckName, string> = {
  api_url: "API URL",
  reachable: "Reachable",
  generation: "Generation",
  api_key: "API key",
  config_files: "Config files",
  proxy: "Proxy",
  clock: "Clock",
};

/**
 * The report's lines: label and detail per check, each fix line indented under its check. On a
 * terminal `columns` wide, a long detail continues under itself and a fix under its indent.
 */
export function reportLines(checks: readonly Check[], colors: Colors, columns?: number): string[] {
  const width = Math.max(...checks.map((check) => LABELS[check.name].length));
  const fit = (line: string, column: number) =>
    columns === undefined ? line : wrapProseLine(line, columns, column);
  const lines: string[] = [];
  for (const check of checks) {
    const mark = check.ok ? colors.ok : colors.fail;
    lines.push(fit(`${mark} ${LABELS[check.name].padEnd(width)}  ${check.detail}`, width + 4));
    for (const line of check.fix?.split("\n") ?? []) lines.push(fit(`    ${line}`, 4));
  }
  const failed = checks.filter((check) => !check.ok).length;
  lines.push(
    failed === 0
      ? `All ${checks.length} checks passed`
      : `${failed} of ${checks.length} checks failed`,
  );
  return lines;
}
