/**
 * `deno task check-workflows`: every GitHub Actions workflow and action file
 * of the repository checked against GitHub's own schemas (`@actions/workflow-parser`,
 * the parser of GitHub's Actions language service: keys, types, permissions,
 * expressions, composite steps; offline) and every runner label a job can land on
 * checked against scripts/runner_labels.ts. tests/unit/workflow_check_test.ts
 * runs it as part of `deno task test`, so a retired label fails the suite.
 */
import { join, relative } from "node:path";
import { parse } from "yaml";
import {
  TemplateContext,
  TemplateValidationErrors,
} from "@actions/workflow-parser/templates/template-context";
import { readTemplate } from "@actions/workflow-parser/templates/template-reader";
import { YamlObjectReader } from "@actions/workflow-parser/workflows/yaml-object-reader";
import { WORKFLOW_ROOT } from "@actions/workflow-parser/workflows/workflow-constants";
import { ACTION_ROOT } from "@actions/workflow-parser/actions/action-constants";
import { JSONObjectReader } from "@actions/workflow-parser/templates/json-object-reader";
import { TemplateSchema } from "@actions/workflow-parser/templates/schema/index";
import { NoOperationTraceWriter } from "@actions/workflow-parser/templates/trace-writer";
import { labelProblem } from "./runner_labels.ts";

const ROOT = join(import.meta.dirname!, "..");

/**
 * One of the package's schema files. Read here rather than through its parseWorkflow, whose
 * module imports the JSON without an import attribute (fine for bundlers, refused by Deno).
 */
function loadSchema(file: string): TemplateSchema {
  const dist = new URL(
    "..",
    import.meta.resolve("@actions/workflow-parser/templates/trace-writer"),
  );
  const json = Deno.readTextFileSync(new URL(file, dist));
  return TemplateSchema.load(new JSONObjectReader(undefined, json));
}

const schemas = new Map<string, TemplateSchema>();

/** The schema errors of `content`, read as a workflow or an action, one message each. */
function schemaErrors(kind: "workflow" | "action", name: string, content: string): string[] {
  const file = kind === "workflow" ? "workflow-v1.0.min.json" : "action-v1.0.min.json";
  if (!schemas.has(file)) schemas.set(file, loadSchema(file));
  const context = new TemplateContext(
    new TemplateValidationErrors(),
    schemas.get(file)!,
    new NoOperationTraceWriter(),
  );
  const fileId = context.getFileId(name);
  const reader = new YamlObjectReader(fileId, content);
  for (const error of reader.errors) context.error(fileId, error.message, error.range);
  // Not YAML: the schema's errors would only be noise.
  if (!reader.errors.length) {
    readTemplate(context, kind === "workflow" ? WORKFLOW_ROOT : ACTION_ROOT, reader, fileId);
  }
  // Messages start with the name given, then "(Line: n, Col: n): "; the caller names the file.
  return context.errors.getErrors().map((e) => e.message.replace(`${name} `, ""));
}

/** The values `matrix.<key>` takes in a job's strategy, or why they cannot be known. */
function matrixValues(matrix: unknown, key: string): unknown[] | string {
  if (typeof matrix !== "object" || matrix === null) {
    return "its matrix is an expression, so its runner labels cannot be checked";
  }
  const m = matrix as Record<string, unknown>;
  const values = Array.isArray(m[key]) ? [...m[key] as unknown[]] : [];
  for (const entry of Array.isArray(m.include) ? m.include : []) {
    if (entry && typeof entry === "object" && key in entry) values.push(entry[key]);
  }
  return values.length ? values : `matrix.${key} has no values`;
}

/** Problems with the labels of one job's `runs-on`. */
function runsOnProblems(job: Record<string, unknown>): string[] {
  const runsOn = job["runs-on"];
  if (runsOn === undefined) return []; // a job calling a reusable workflow
  const raw = typeof runsOn === "object" && runsOn !== null && !Array.isArray(runsOn)
    ? (runsOn as { labels?: unknown }).labels ?? []
    : runsOn;
  const labels = (Array.isArray(raw) ? raw : [raw]).map(String);
  // Self-hosted runners and runner groups carry the owner's own labels.
  if (labels.includes("self-hosted") || (runsOn as { group?: unknown })?.group) return [];
  const problems: string[] = [];
  for (const label of labels) {
    const expression = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(label);
    if (label.includes("${{") && !expression) {
      problems.push(`runs-on "${label}" is an expression this check cannot resolve`);
      continue;
    }
    const values = expression
      ? matrixValues((job.strategy as { matrix?: unknown })?.matrix, expression[1])
      : [label];
    if (typeof values === "string") problems.push(values);
    else {
      for (const value of values) {
        const problem = labelProblem(String(value));
        if (problem) problems.push(problem);
      }
    }
  }
  return problems;
}

/** Problems of one workflow file's text: schema errors, then runner labels. */
export function checkWorkflow(text: string): string[] {
  const schema = schemaErrors("workflow", "workflow.yml", text);
  if (schema.length) return schema;
  const workflow = parse(text) as { jobs?: Record<string, Record<string, unknown>> };
  return Object.entries(workflow.jobs ?? {}).flatMap(([name, job]) =>
    runsOnProblems(job).map((problem) => `job "${name}": ${problem}`)
  );
}

/** Problems of one action metadata file's text (action.yml). */
export function checkAction(text: string): string[] {
  return schemaErrors("action", "action.yml", text);
}

/** The repository's workflow and action files, relative to `root`. */
export async function actionsFiles(
  root = ROOT,
): Promise<{ workflows: string[]; actions: string[] }> {
  const list = async (dir: string, match: RegExp, deep: boolean): Promise<string[]> => {
    const found: string[] = [];
    try {
      for await (const entry of Deno.readDir(join(root, dir))) {
        const path = join(dir, entry.name);
        if (entry.isFile && match.test(entry.name)) found.push(path);
        if (entry.isDirectory && deep) found.push(...await list(path, match, deep));
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return found;
  };
  const actionFile = /^action\.ya?ml$/;
  return {
    workflows: (await list(join(".github", "workflows"), /\.ya?ml$/, false)).sort(),
    actions: [
      ...await list(".", actionFile, false),
      ...await list(join(".github", "actions"), actionFile, true),
    ].map((p) => relative(".", p)).sort(),
  };
}

/** Every problem of the repository's workflow and action files, each prefixed with its file. */
export async function checkRepository(root = ROOT): Promise<string[]> {
  const { workflows, actions } = await actionsFiles(root);
  const problems: string[] = [];
  for (const [files, check] of [[workflows, checkWorkflow], [actions, checkAction]] as const) {
    for (const file of files) {
      const text = await Deno.readTextFile(join(root, file));
      problems.push(...check(text).map((problem) => `${file}: ${problem}`));
    }
  }
  return problems;
}

if (import.meta.main) {
  const problems = await checkRepository();
  for (const problem of problems) console.error(`Error: ${problem}`);
  if (problems.length) Deno.exit(1);
  const { workflows, actions } = await actionsFiles();
  console.error(`${workflows.length + actions.length} workflow and action files checked`);
}
