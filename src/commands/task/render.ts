/**
 * How tasks and their runs look to people: the summary after a change, the
 * full details, one block per run, the list's columns and a preview. The
 * `--json`/`--yaml` forms are the API's objects as they are.
 */
import type { Preview } from "../../api/tasks.ts";
import type { FeedExecution, Source, Task, TaskExecution } from "../../api/types.ts";
import type { Session } from "../../kit/session.ts";
import { isCurrentTask } from "../../api/generation.ts";
import { shortIds } from "../../api/ids.ts";
import { formatTime, relativeTime, timeInWords } from "../../output/time.ts";
import { scheduleInWords } from "./cron.ts";

/** The items of a field that should be a list; none when the server sent something else. */
function listOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? value : [];
}

/** Whether an execution met its condition, in either API generation. */
export function isMet(execution: TaskExecution): boolean {
  return execution.condition_met === true ||
    (execution.notification !== undefined && execution.notification !== null);
}

/** The run's answer: `result.answer` on the classic API, `result.evidence` on the current one. */
function answerOf(execution: TaskExecution): string | undefined {
  const result = execution.result;
  if (!result || typeof result !== "object") return undefined;
  const answer = result.answer ?? result.evidence;
  return typeof answer === "string" ? answer : undefined;
}

function sourceDomains(execution: TaskExecution): string[] {
  const hosts = new Set<string>();
  for (const source of listOf<Source>(execution.grounding_sources)) {
    try {
      hosts.add(new URL(source.url).hostname.replace(/^www\./, ""));
    } catch {
      // A source without a parseable URL has no domain to show.
    }
  }
  return [...hosts];
}

function duration(execution: TaskExecution): string {
  if (!execution.completed_at) return "-";
  const ms = Date.parse(execution.completed_at) - Date.parse(execution.started_at);
  if (!Number.isFinite(ms) || ms < 0) return "-";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A task's next run as people see it: none for a paused or completed task, whose stored
 * next_run is stale (the server keeps it, but nothing runs then); --json keeps it as sent.
 */
function nextRun(task: Task): string | null {
  return task.state === "paused" || task.state === "completed"
    ? null
    : task.next_run as string | null;
}

/** When a task runs: its cron in words (classic), or its next run (current). */
async function cadence(session: Session, task: Task): Promise<readonly [string, string]> {
  return isCurrentTask(task)
    ? ["Next Run", timeInWords(nextRun(task), session.deps.clock.now())]
    : ["Schedule", await scheduleInWords(task.schedule)];
}

/** The current API's own fields, for `task get`. */
function currentFields(session: Session, task: Task): (readonly [string, string])[] {
  const count = (value: unknown) => typeof value === "number" ? String(value) : "-";
  return [
    ["Next Run", timeInWords(nextRun(task), session.deps.clock.now())],
    ["Visibility", task.is_public === true ? "public" : "private"],
    ["Forked From", typeof task.forked_from_task_id === "string" ? task.forked_from_task_id : "-"],
    ["Views", count(task.view_count)],
    ["Subscribers", count(task.subscriber_count)],
    ["Context", task.context ? JSON.stringify(task.context) : "-"],
    ...connectorsField(task),
  ];
}

/** The connectors the task's agent may read, shown only when it has any. */
function connectorsField(task: Task): (readonly [string, string])[] {
  const slugs = listOf<unknown>(task.attached_connector_slugs).map(String);
  return slugs.length ? [["Connectors", slugs.join(", ")]] : [];
}

/** The labelled summary shown after a task is created or changed. */
export async function printTaskSummary(session: Session, task: Task): Promise<void> {
  session.fields([
    ["ID", task.id],
    ["Name", task.name],
    await cadence(session, task),
    ["Query", task.search_query],
    ["Condition", task.condition_description],
    ["State", task.state],
  ]);
}

/** Every field of a task (`task get`). */
export async function printTaskDetails(
  session: Session,
  task: Task,
  /** Read through the public routes: the service shows notifications to the owner alone. */
  options: { publicView?: boolean } = {},
): Promise<void> {
  const notifications = listOf<Record<string, unknown>>(task.notifications);
  const last = task.last_execution;
  const answer = last ? answerOf(last) : undefined;
  session.fields([
    ["ID", task.id],
    ["Name", task.name],
    ["Search Query", task.search_query],
    ["Condition", task.condition_description],
    ...(isCurrentTask(task) ? [["State", task.state] as const, ...currentFields(session, task)] : [
      ["Schedule", await scheduleInWords(task.schedule)] as const,
      ["State", task.state] as const,
      ["Notify Behavior", task.notify_behavior] as const,
      ["Condition Met", task.condition_met ? "yes" : "no"] as const,
      ["Last Notified", formatTime(task.last_notified_at)] as const,
    ]),
    [
      "Notifications",
      Array.isArray(task.notifications)
        ? (notifications.length === 0
          ? (options.publicView ? "none shown (only the task's owner sees them)" : "none")
          : "")
        : "-",
    ],
    ...notifications.map((n) => `  - ${n?.type ?? "-"}: ${n?.address ?? n?.url ?? "-"}`),
    ...(isCurrentTask(task) ? [] : [["Config", configText(task.config)] as const]),
    [
      "Last Execution",
      last
        ? `${last.status}, ${isMet(last) ? "condition met" : "condition not met"}, ${
          formatTime(last.started_at)
        }`
        : "never run",
    ],
    ...(answer
      ? [["Last Answer", answer.length > 200 ? answer.slice(0, 200) + "…" : answer] as const]
      : []),
    ["Created", formatTime(task.created_at)],
    ["Updated", formatTime(task.updated_at)],
    ["State Changed", formatTime(task.state_changed_at)],
  ], { gap: 2 });
}

/** One run as a block of labelled lines. */
export function printExecution(session: Session, execution: TaskExecution): void {
  const { colors } = session;
  const status = execution.status === undefined
    ? undefined
    : execution.status === "success"
    ? colors.green(execution.status)
    : execution.status === "failed"
    ? colors.red(execution.status)
    : colors.yellow(execution.status);
  const answer = answerOf(execution);
  const domains = sourceDomains(execution);
  session.fields([
    ["Execution", execution.id],
    ["Time", formatTime(execution.started_at)],
    ["Status", status],
    ["Condition Met", execution.status === "success" ? (isMet(execution) ? "yes" : "no") : "-"],
    ...(answer ? [["Answer", answer] as const] : []),
    ...(execution.notification ? [["Notification", execution.notification] as const] : []),
    ...(execution.error_message ? [["Error", execution.error_message] as const] : []),
    ["Sources", domains.length ? domains.join(", ") : "-"],
    ["Duration", duration(execution)],
  ]);
}

/** Runs one block after another, a blank line between them. */
export function printExecutions(session: Session, runs: TaskExecution[]): void {
  runs.forEach((run, i) => {
    if (i > 0) session.print();
    printExecution(session, run);
  });
}

/**
 * How a list of tasks shows ids and times: on a terminal short ids and times in words, piped or
 * --wide full ids and UTC times (`task list`, `public list`).
 */
export function listCells(session: Session, tasks: Task[]) {
  const now = session.deps.clock.now();
  const { compact } = session;
  const ids = compact ? shortIds(tasks.map((task) => String(task.id))) : undefined;
  return {
    id: (task: Task) => ids?.get(String(task.id)) ?? task.id,
    when: (iso: unknown) =>
      compact
        ? (typeof iso === "string" ? relativeTime(iso, now) : "-")
        : formatTime(iso as string | null),
  };
}

/**
 * The task list as a table: SCHEDULE on the classic API, NEXT RUN on the
 * current one. On a terminal: short ids and times in words, so it fits 80
 * columns with room for names; piped or --wide: full ids and UTC times.
 */
export function printTaskTable(session: Session, tasks: Task[]): void {
  const current = tasks.some(isCurrentTask);
  const { compact } = session;
  const { id, when } = listCells(session, tasks);
  session.table(
    [
      { header: "ID" },
      // Room for at least 20 characters of every name before a column is dropped.
      { header: "NAME", shrink: true, min: 24 },
      { header: "STATE" },
      { header: current ? "NEXT RUN" : "SCHEDULE", drop: 1 },
      { header: compact ? "MET" : "CONDITION MET" },
      { header: "LAST RUN", drop: 2 },
    ],
    tasks.map((task) => [
      id(task),
      task.name,
      task.state,
      current ? when(nextRun(task)) : task.schedule ?? "-",
      task.condition_met || (task.last_execution && isMet(task.last_execution)) ? "yes" : "no",
      when(task.last_execution?.started_at),
    ]),
  );
}

/** Feed entries: each run's task, then the run. */
export function printFeed(session: Session, runs: FeedExecution[]): void {
  runs.forEach((run, i) => {
    if (i > 0) session.print();
    session.print(session.colors.bold(`${run.task_name} (${run.task_id})`));
    printExecution(session, run);
  });
}

/** A preview's answer, verdict and sources. */
export function printPreview(session: Session, result: Preview): void {
  const { colors } = session;
  session.print("Answer:");
  session.print(result.answer);
  session.print();
  session.print(
    result.condition_met ? `${colors.ok} Condition met` : `${colors.fail} Condition not met`,
  );
  if (result.inferred_condition) {
    session.print(`Inferred condition: ${result.inferred_condition}`);
  }
  const sources = listOf<Source>(result.grounding_sources);
  if (sources.length > 0) {
    session.print();
    session.print("Sources:");
    sources.forEach((source, i) => {
      session.print(`${i + 1}. ${source.title || source.url}`);
      session.print(`   ${source.url}`);
    });
  }
}

/** A classic task's config; `{}` (what create sends without --model) means the service's model. */
function configText(config: unknown): string {
  if (!config || typeof config !== "object") return "-";
  return Object.keys(config).length === 0
    ? "{} (the service's default model)"
    : JSON.stringify(config);
}
