/**
 * The typed task writes: `deno check` compiles this file, so each `@ts-expect-error` below
 * proves the compiler rejects a request body or draft that lacks a required field or holds
 * one the API does not have. The tests then hold the one builder's output.
 */
import assert from "node:assert/strict";
import {
  type ClassicCreateBody,
  createBody,
  type CurrentCreateBody,
  type TaskDraft,
  type TaskPatch,
} from "../../src/api/task_writes.ts";
import type { TaskId } from "../../src/api/types.ts";
import { DEFAULT_SCHEDULE } from "../../src/config/schema.ts";

const draft: TaskDraft = {
  name: "Rust",
  search_query: "Rust 2.0 release",
  condition_description: "released",
  state: "active",
  notifications: [],
};

// @ts-expect-error a classic create body without its required `schedule` does not compile
const noSchedule: ClassicCreateBody = {
  name: "x",
  search_query: "q",
  condition_description: "c",
  state: "active",
  notifications: [],
  run_immediately: false,
  notify_behavior: "once",
  config: { model: "m" },
  executor_type: "llm_grounded_search",
};

// @ts-expect-error a create body without `search_query` does not compile
const noQuery: CurrentCreateBody = {
  name: "x",
  condition_description: "c",
  state: "active",
  notifications: [],
  run_immediately: false,
};

// @ts-expect-error a draft without a condition does not compile
const noCondition: TaskDraft = { name: "x", search_query: "q", state: "active", notifications: [] };

// @ts-expect-error a possibly-null query does not compile (the drift issue 23 found)
const nullQuery: TaskDraft = { ...draft, search_query: null as string | null };

// @ts-expect-error a patch cannot send a field the API does not have
const unknownField: TaskPatch = { is_active: false };

// @ts-expect-error a new task cannot be created completed
const completed: TaskDraft = { ...draft, state: "completed" };

// @ts-expect-error a plain string is not a resolved task id
const unresolved: TaskId = "3f2c";

Deno.test("the rejected shapes above exist only to be rejected by the compiler", () => {
  for (const value of [noSchedule, noQuery, noCondition, nullQuery, unknownField, completed]) {
    assert.equal(typeof value, "object");
  }
  assert.equal(unresolved, "3f2c");
});

Deno.test("a classic create body carries every field the classic API requires", () => {
  assert.deepEqual(createBody("classic", draft), {
    ...draft,
    run_immediately: false,
    schedule: DEFAULT_SCHEDULE,
    notify_behavior: "once",
    config: {},
    executor_type: "llm_grounded_search",
  });
  assert.deepEqual(createBody("classic", { ...draft, model: "gemini-2.5-pro" }).config, {
    model: "gemini-2.5-pro",
  });
});

Deno.test("a template's suggestions fill classic fields the draft left open, never current ones", () => {
  const suggested = { schedule: "0 8 * * 1", notify_behavior: "always" as const };
  const classic = createBody("classic", draft, suggested);
  assert.equal(classic.schedule, "0 8 * * 1");
  assert.equal(classic.notify_behavior, "always");
  assert.equal(
    createBody("classic", { ...draft, schedule: "0 9 * * *" }, suggested).schedule,
    "0 9 * * *",
  );
  assert.deepEqual(createBody("current", draft, suggested), { ...draft, run_immediately: false });
});

Deno.test("a current create body passes a context through and no classic field", () => {
  const body = createBody("current", { ...draft, context: { team: "a" } });
  assert.deepEqual(body, { ...draft, run_immediately: false, context: { team: "a" } });
});
