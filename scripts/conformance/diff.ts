/** Compares two normalised outcomes and sorts each difference into expected or not. */
import type { Outcome } from "./normalise.ts";

/** One place where the two sides differ; `undefined` means the side has nothing there. */
export interface Difference {
  path: string;
  a: unknown;
  b: unknown;
}

/** A known difference: which steps and which part, on which generation, and why. */
export interface Expectation {
  /** A step name; `*` matches any run of characters. */
  step: string;
  /** A difference path or its prefix (`body`, `body.detail`, `status`); all when absent. */
  path?: string;
  /** Only on this generation. */
  generation?: "current" | "classic";
  /** Why the sides differ: upstream's bug, a stub of the kit, a convenience of the local API. */
  kind: "upstream-bug" | "stub" | "local-api";
  reason: string;
}

/** The differences between `a` and `b`, by path; none when they are the same. */
export function diffValues(a: unknown, b: unknown, path: string): Difference[] {
  if (Object.is(a, b)) return [];
  if (typeof a === "string" && typeof b === "string" && (a.includes("\n") || b.includes("\n"))) {
    return diffLines(a.split("\n"), b.split("\n"), path);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: Difference[] = [];
    if (a.length !== b.length) out.push({ path: `${path}.length`, a: a.length, b: b.length });
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      out.push(...diffValues(a[i], b[i], `${path}[${i}]`));
    }
    return out;
  }
  if (isObject(a) && isObject(b)) {
    const out: Difference[] = [];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) out.push(...diffValues(a[key], b[key], `${path}.${key}`));
    const order = (o: Record<string, unknown>) => Object.keys(o).filter((k) => k in a && k in b);
    if (out.length === 0 && order(a).join() !== order(b).join()) {
      out.push({ path: `${path}{key order}`, a: Object.keys(a), b: Object.keys(b) });
    }
    return out;
  }
  return [{ path, a, b }];
}

/** Multi-line text (the CLI's tables and details), compared line by line: `body:3` is line 3. */
function diffLines(a: string[], b: string[], path: string): Difference[] {
  const out: Difference[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) out.push({ path: `${path}:${i + 1}`, a: a[i], b: b[i] });
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every difference of two outcomes: status, headers, body, stderr. */
export function diffOutcomes(a: Outcome, b: Outcome): Difference[] {
  return [
    ...diffValues(a.status, b.status, "status"),
    ...diffValues(a.headers, b.headers, "headers"),
    ...diffValues(a.body, b.body, "body"),
    ...diffValues(a.stderr, b.stderr, "stderr"),
  ];
}

function globMatch(pattern: string, name: string): boolean {
  const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${source.join(".*")}$`).test(name);
}

function pathMatch(prefix: string | undefined, path: string): boolean {
  if (prefix === undefined) return true;
  return path === prefix || [".", "[", "{", ":"].some((next) => path.startsWith(prefix + next));
}

/** The expectation that explains `difference` of `step`, if any. */
export function explain(
  expectations: readonly Expectation[],
  step: string,
  difference: Difference,
  generation: "current" | "classic",
): Expectation | undefined {
  return expectations.find((rule) =>
    (rule.generation === undefined || rule.generation === generation) &&
    globMatch(rule.step, step) && pathMatch(rule.path, difference.path)
  );
}

/** How one step compared. */
export interface StepReport {
  step: string;
  expected: { difference: Difference; rule: Expectation }[];
  unexpected: Difference[];
}

/** Compares one step's outcomes and sorts its differences. */
export function compareStep(
  step: string,
  a: Outcome,
  b: Outcome,
  options: { expectations: readonly Expectation[]; generation: "current" | "classic" },
): StepReport {
  const report: StepReport = { step, expected: [], unexpected: [] };
  for (const difference of diffOutcomes(a, b)) {
    const rule = explain(options.expectations, step, difference, options.generation);
    if (rule) report.expected.push({ difference, rule });
    else report.unexpected.push(difference);
  }
  return report;
}

function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** The readable report: one block per step that differs, then the counts. */
export function renderReport(
  reports: readonly StepReport[],
  labels: { a: string; b: string },
): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.unexpected.length === 0) continue;
    lines.push(`✗ ${report.step}`);
    for (const d of report.unexpected) {
      lines.push(
        `    ${d.path}`,
        `      ${labels.a}: ${show(d.a)}`,
        `      ${labels.b}: ${show(d.b)}`,
      );
    }
  }
  const identical = reports.filter((r) => r.expected.length + r.unexpected.length === 0).length;
  const expected = reports.filter((r) => r.expected.length > 0 && r.unexpected.length === 0);
  const unexpected = reports.filter((r) => r.unexpected.length > 0).length;
  if (expected.length > 0) lines.push("", "Expected differences:");
  for (const report of expected) {
    const reasons = [...new Set(report.expected.map((e) => `[${e.rule.kind}] ${e.rule.reason}`))];
    lines.push(`  ~ ${report.step}: ${reasons.join("; ")}`);
  }
  lines.push(
    "",
    `${reports.length} steps: ${identical} identical, ${expected.length} with expected ` +
      `differences only, ${unexpected} with unexpected differences`,
  );
  return lines.join("\n");
}
