/**
 * The script's current-generation sharing steps (visibility, fork, feed, public routes, RSS),
 * the removed and classic-only routes, and the deletes that end the task part.
 */
import type { Step } from "./runner.ts";
import { PUBLIC_CLI_STEPS } from "./steps_cli.ts";

const T = "/api/v1/tasks";

/** Sharing, forks, the feed and the public routes (current). */
export const SHARE_STEPS: Step[] = [
  { name: "current: feed", generation: "current", method: "GET", path: `${T}/feed` },
  {
    name: "current: feed limit=0",
    generation: "current",
    method: "GET",
    path: `${T}/feed?limit=0`,
  },
  {
    name: "current: feed limit=101",
    generation: "current",
    method: "GET",
    path: `${T}/feed?limit=101`,
  },
  {
    name: "current: share task 1",
    generation: "current",
    method: "PATCH",
    path: `${T}/{task1}/visibility`,
    body: { is_public: true },
  },
  {
    name: "current: visibility lax bool",
    generation: "current",
    method: "PATCH",
    path: `${T}/{task2}/visibility`,
    body: { is_public: "no" },
  },
  {
    name: "current: visibility no body",
    generation: "current",
    method: "PATCH",
    path: `${T}/{task1}/visibility`,
  },
  {
    name: "current: visibility as other user",
    generation: "current",
    as: "other",
    method: "PATCH",
    path: `${T}/{task1}/visibility`,
    body: { is_public: false },
  },
  {
    name: "current: get public as other",
    generation: "current",
    as: "other",
    method: "GET",
    path: `${T}/{task1}`,
  },
  {
    name: "current: get public without key",
    generation: "current",
    as: "none",
    method: "GET",
    path: `${T}/{task1}`,
  },
  {
    name: "current: executions of public without key",
    generation: "current",
    as: "none",
    method: "GET",
    path: `${T}/{task1}/executions`,
  },
  {
    name: "current: fork own task",
    generation: "current",
    method: "POST",
    path: `${T}/{task1}/fork`,
    body: {},
    save: { fork1: "id" },
  },
  {
    name: "current: fork own task again",
    generation: "current",
    method: "POST",
    path: `${T}/{task1}/fork`,
    body: { name: null },
  },
  {
    name: "current: fork public as other",
    generation: "current",
    as: "other",
    method: "POST",
    path: `${T}/{task1}/fork`,
    body: { name: "Forked by other" },
  },
  {
    name: "current: fork without body",
    generation: "current",
    method: "POST",
    path: `${T}/{task1}/fork`,
  },
  {
    name: "current: fork private of other",
    generation: "current",
    method: "POST",
    path: `${T}/{task_other}/fork`,
    body: {},
  },
  {
    name: "current: get task 1 after forks",
    generation: "current",
    method: "GET",
    path: `${T}/{task1}`,
  },
  {
    name: "current: public tasks",
    generation: "current",
    as: "none",
    method: "GET",
    path: "/api/v1/public/tasks",
  },
  {
    name: "current: public tasks popular",
    generation: "current",
    as: "none",
    method: "GET",
    path: "/api/v1/public/tasks?sort_by=popular&limit=5",
  },
  {
    name: "current: public tasks bad limit",
    generation: "current",
    as: "none",
    method: "GET",
    path: "/api/v1/public/tasks?limit=0",
  },
  {
    name: "current: public tasks bad sort",
    generation: "current",
    as: "none",
    method: "GET",
    path: "/api/v1/public/tasks?sort_by=weird",
  },
  {
    name: "current: public feed",
    generation: "current",
    as: "none",
    method: "GET",
    path: "/api/v1/public/feed",
  },
  {
    name: "current: public task by id",
    generation: "current",
    as: "none",
    method: "GET",
    path: "/api/v1/public/tasks/id/{task1}",
  },
  {
    name: "current: rss of public task",
    generation: "current",
    as: "none",
    method: "GET",
    path: "/tasks/{task1}/rss",
  },
  {
    name: "current: rss of private task",
    generation: "current",
    method: "GET",
    path: "/tasks/{task2}/rss",
  },
  ...PUBLIC_CLI_STEPS,
  {
    name: "current: unshare task 1",
    generation: "current",
    method: "PATCH",
    path: `${T}/{task1}/visibility`,
    body: { is_public: false },
  },
  {
    name: "current: get unshared as other",
    generation: "current",
    as: "other",
    method: "GET",
    path: `${T}/{task1}`,
  },
];

/** Preview and suggest: removed from current, served by classic. */
export const REMOVED_STEPS: Step[] = [
  {
    name: "current: preview is gone",
    generation: "current",
    method: "POST",
    path: `${T}/preview`,
    body: { search_query: "q" },
  },
  {
    name: "current: suggest is gone",
    generation: "current",
    method: "POST",
    path: `${T}/suggest`,
    body: { prompt: "p" },
  },
  {
    name: "classic: preview",
    generation: "classic",
    method: "POST",
    path: `${T}/preview`,
    body: { search_query: "q", condition_description: "c" },
  },
  {
    name: "classic: preview missing query",
    generation: "classic",
    method: "POST",
    path: `${T}/preview`,
    body: {},
  },
  {
    name: "classic: suggest",
    generation: "classic",
    method: "POST",
    path: `${T}/suggest`,
    body: { prompt: "watch prices" },
  },
];

/** Deletes and routing errors; they end the task part (after the CLI steps). */
export const TASK_END_STEPS: Step[] = [
  { name: "delete as other user", as: "other", method: "DELETE", path: `${T}/{task2}` },
  { name: "delete task 2", method: "DELETE", path: `${T}/{task2}` },
  { name: "delete task 2 again", method: "DELETE", path: `${T}/{task2}` },
  { name: "delete bad UUID", method: "DELETE", path: `${T}/nope` },
  { name: "method not allowed on a task", method: "PATCH", path: `${T}/{task1}` },
  { name: "unknown route", method: "GET", path: "/api/v1/nothing-here" },
];
