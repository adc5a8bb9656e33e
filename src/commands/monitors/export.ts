/** `torale export`: the account's tasks as a monitors file. */
import type { Generation } from "../../api/generation.ts";
import { listTasks } from "../../api/tasks.ts";
import type { Task } from "../../api/types.ts";
import { CliError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { yamlText } from "../../output/render.ts";
import { specOf } from "./task_spec.ts";

/** `name-glob` as a matcher: `*` any run of characters, `?` one. */
function globMatcher(glob: string): (name: string) => boolean {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  const pattern = new RegExp(`^${source}$`, "s");
  return (name) => pattern.test(name);
}

/** The monitors file of `tasks`: names sorted, fields in a fixed order. */
export async function exportText(tasks: Task[], generation: Generation): Promise<string> {
  const specs = tasks.map((task) => specOf(task, generation))
    .sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const entries = specs.map(({ name, query, condition, state, notify, ...rest }) => [name, {
    query,
    condition,
    state,
    ...(Object.keys(notify).length > 0 ? { notify } : {}),
    ...rest,
  }]);
  // Names and values come from the server: written so a terminal shows them, not obeys them.
  return await yamlText({ version: 1, tasks: Object.fromEntries(entries) });
}

/** `torale export [--file F] [--select name-glob]`. */
export default async function exportTasks(
  this: Context,
  flags: { file?: string; select?: string },
): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const generation = await session.generation();
  const match = flags.select === undefined ? () => true : globMatcher(flags.select);
  const tasks = (await listTasks(session.api())).filter((task) => match(task.name));
  const names = new Map<string, number>();
  for (const task of tasks) names.set(task.name, (names.get(task.name) ?? 0) + 1);
  const twice = [...names].filter(([, n]) => n > 1).map(([name]) => JSON.stringify(name));
  if (twice.length > 0) {
    throw new CliError(`More than one task is called ${twice.join(", ")}`, {
      hints: [
        "The file names tasks by name: rename all but one (torale task update <id> --name <name>).",
      ],
    });
  }
  // A file plan would refuse is not written: the round trip must hold.
  const blank = tasks.filter((task) =>
    !task.name?.trim() || !task.search_query?.trim() || !task.condition_description?.trim()
  );
  if (blank.length > 0) {
    throw new CliError(
      `${blank.length} task${
        blank.length === 1 ? " has" : "s have"
      } an empty name, query or condition`,
      {
        hints: [
          "A monitors file needs all three: set them (torale task update <id> --name/--query/--condition), or leave",
          "the task out with --select.",
          ...blank.map((task) => `  ${task.id}`),
        ],
      },
    );
  }
  const text =
    `# Torale monitors (${generation} API). Format: torale schema. Apply: torale apply -f <file>\n` +
    await exportText(tasks, generation);
  if (flags.file === undefined || flags.file === "-") {
    this.deps.io.stdout.write(text);
    return;
  }
  try {
    await this.deps.writeTextFile(flags.file, text);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error;
    throw new CliError(`Cannot write ${flags.file}: ${(error as Error).message}`, {
      hints: ["Nothing was written. Give a file in a folder that exists and that you can write."],
      cause: error,
    });
  }
  session.done(
    `Wrote ${tasks.length} task${tasks.length === 1 ? "" : "s"} to ${flags.file}`,
  );
}
