/**
 * The user's tasks and their runs as resources: `torale://tasks/{id}` (the task) and
 * `torale://tasks/{id}/runs` (its latest runs), listed from the task list and read as JSON.
 */
import { getTask, listRuns, listTasks, type TaskId } from "../api/tasks.ts";
import type { Task } from "../api/types.ts";
import { forPeople } from "../output/sanitize.ts";
import type { McpContext } from "./context.ts";
import { errorText, withoutSecrets } from "./results.ts";
import type { McpServer } from "./sdk.ts";
import { findTask, runView } from "./tool.ts";

const RUNS_SHOWN = 20;

/** The values a URI template matched. */
type Variables = Record<string, string | string[]>;

/** Registers the two resource templates. */
export function addResources(server: McpServer, context: McpContext): void {
  const { ResourceTemplate } = context.sdk;
  // What a read or list throws reaches the client as a JSON-RPC error with its message: made
  // safe and keyless as a tool's isError text is (a URI holding escapes, a server's echo).
  const safely = <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
  async (
    ...args: A
  ): Promise<R> => {
    try {
      return await work(...args);
    } catch (error) {
      throw new Error(withoutSecrets(forPeople(errorText(error)), context.secrets));
    }
  };
  const json = (uri: URL, value: unknown) => ({
    contents: [{
      uri: uri.href,
      mimeType: "application/json",
      text: JSON.stringify(withoutSecrets(value, context.secrets), null, 2),
    }],
  });
  const listed = (suffix: string, what: (task: Task) => string) =>
    safely(async () => ({
      resources: (await listTasks(context.api())).map((task) => ({
        uri: `torale://tasks/${task.id}${suffix}`,
        name: withoutSecrets(forPeople(what(task)), context.secrets),
        mimeType: "application/json",
      })),
    }));
  const idOf = async (variables: Variables): Promise<TaskId> => {
    const raw = variables.id;
    const input = decodeURIComponent(Array.isArray(raw) ? raw[0] : raw);
    return (await findTask(context.api(), input)).id;
  };

  server.registerResource(
    "task",
    new ResourceTemplate("torale://tasks/{id}", {
      list: listed("", (task) => task.name),
    }),
    {
      title: "A Torale task",
      description: "Every field of one monitoring task, as JSON",
      mimeType: "application/json",
    },
    safely(async (uri: URL, variables: Variables) =>
      json(uri, await getTask(context.api(), await idOf(variables)))
    ),
  );
  server.registerResource(
    "task-runs",
    new ResourceTemplate("torale://tasks/{id}/runs", {
      list: listed("/runs", (task) => `Runs of ${task.name}`),
    }),
    {
      title: "A Torale task's runs",
      description: `The latest ${RUNS_SHOWN} runs of one task, newest first, as JSON`,
      mimeType: "application/json",
    },
    safely(async (uri: URL, variables: Variables) => {
      const id = await idOf(variables);
      const runs = await listRuns(context.api(), id, { limit: RUNS_SHOWN });
      return json(uri, { task_id: id, runs: runs.map(runView) });
    }),
  );
}
