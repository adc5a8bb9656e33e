/** `torale template …` and `task create --template` against the local API of each generation. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runInProcess, runWithKey, tempHome } from "../helpers/cli.ts";
import { dedent } from "../helpers/dedent.ts";

/** The classic seed "PS5 Pro Stock Alert" (schedule 0 *\/2 * * *, notify always). */
const PS5 = "7e3a1c02-0000-4000-8000-000000000002";
/** The current seed "Mortgage Rate Drop". */
const MORTGAGE = "7e3a1c13-0000-4000-8000-000000000013";

Deno.test("template list needs no key; --category filters; classic shows schedules", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_URL: t.url };
  const listed = await runInProcess(["template", "list"], { home, env });
  assert.equal(listed.code, 0, listed.stderr);
  const [header, ...rows] = listed.stdout.trimEnd().split("\n");
  assert.equal(header, "ID\tCATEGORY\tNAME\tSCHEDULE\tQUERY");
  assert.equal(rows.length, 6);
  assert.ok(rows.includes(
    `${PS5}\tShopping\tPS5 Pro Stock Alert\t0 */2 * * *\tIs PlayStation 5 Pro in stock at Best Buy?`,
  ));
  const tech = await runInProcess(["template", "list", "--category", "Tech", "--json"], {
    home,
    env,
  });
  const json = JSON.parse(tech.stdout);
  assert.deepEqual(json.map((t: { name: string }) => t.name), [
    "AI Model Launch Watch",
    "GPU Release Monitor",
  ]);
  const none = await runInProcess(["template", "list", "--category", "Nope"], { home, env });
  assert.equal(none.stdout, "No templates in that category.\n");
});

Deno.test("template list (current): no schedule column; fields are the current ones", async () => {
  await using t = await startTestApi({ generation: "current" });
  const listed = await runWithKey(t, ["template", "list"]);
  assert.equal(listed.stdout.split("\n")[0], "ID\tCATEGORY\tNAME\tQUERY");
  const json = JSON.parse((await runWithKey(t, ["template", "list", "--json"])).stdout);
  assert.ok(json.every((t: Record<string, unknown>) => t.is_active === true && !("schedule" in t)));
});

Deno.test("template get: fields by generation, a prefix works, unknown exits 1", async () => {
  await using classic = await startTestApi();
  const shown = await runWithKey(classic, [
    "template",
    "get",
    PS5.slice(0, 8) + "-0000-4000-8000-000000000002",
  ]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(
    shown.stdout,
    dedent`
      Name:        🎮 PS5 Pro Stock Alert
      ID:          ${PS5}
      Category:    Shopping
      Description: Get notified when PlayStation 5 Pro is back in stock at major retailers
      Query:       Is PlayStation 5 Pro in stock at Best Buy?
      Condition:   PS5 Pro shows as in stock and available for purchase at BestBuy.com
      Schedule:    0 */2 * * *
      Notify:      always
      Model:       gemini-2.5-flash
    `,
  );
  assert.match(shown.stderr, new RegExp(`torale task create --template ${PS5}`));
  const yaml = await runWithKey(classic, ["template", "get", PS5, "--yaml"]);
  assert.match(yaml.stdout, /^name: PS5 Pro Stock Alert\n/);

  await using current = await startTestApi({ generation: "current" });
  const mortgage = await runWithKey(current, ["template", "get", MORTGAGE]);
  assert.equal(mortgage.code, 0, mortgage.stderr);
  assert.doesNotMatch(mortgage.stdout, /Schedule|Notify|Model/);
  assert.match(mortgage.stdout, /Condition: +The average rate drops below 5.5%/);

  for (const id of ["00000000-0000-4000-8000-000000000000", "ffff", "not-a-uuid"]) {
    const missing = await runWithKey(current, ["template", "get", id]);
    assert.equal(missing.code, 1, `${id}: ${missing.stderr}`);
    assert.equal(
      missing.stderr,
      dedent`
        Error: Template not found: "${id}"
        List templates and their ids with: torale template list
      `,
    );
  }
});

Deno.test("task create --template (classic): fills query, condition, name, schedule, notify; flags win", async () => {
  await using t = await startTestApi();
  const filled = await runWithKey(t, ["task", "create", "--template", PS5, "--json"]);
  assert.equal(filled.code, 0, filled.stderr);
  const task = JSON.parse(filled.stdout);
  assert.deepEqual(
    [task.name, task.search_query, task.condition_description, task.schedule, task.notify_behavior],
    [
      "PS5 Pro Stock Alert",
      "Is PlayStation 5 Pro in stock at Best Buy?",
      "PS5 Pro shows as in stock and available for purchase at BestBuy.com",
      "0 */2 * * *",
      "always",
    ],
  );
  const mine = await runWithKey(t, [
    "task",
    "create",
    "-t",
    PS5,
    "-c",
    "In stock anywhere",
    "-n",
    "My PS5",
    "-s",
    "0 8 * * *",
    "--notify-behavior",
    "once",
    "--json",
  ]);
  assert.equal(mine.code, 0, mine.stderr);
  const own = JSON.parse(mine.stdout);
  assert.deepEqual(
    [own.name, own.search_query, own.condition_description, own.schedule, own.notify_behavior],
    [
      "My PS5",
      "Is PlayStation 5 Pro in stock at Best Buy?",
      "In stock anywhere",
      "0 8 * * *",
      "once",
    ],
  );
});

Deno.test("task create --template (current): query, condition and a free name; nothing classic is sent", async () => {
  await using t = await startTestApi({ generation: "current" });
  const bodies: Record<string, unknown>[] = [];
  const spy: typeof fetch = async (input, init) => {
    if (init?.method === "POST" && String(input).endsWith("/api/v1/tasks/")) {
      bodies.push(JSON.parse(String(init.body)));
    }
    return await fetch(input, init);
  };
  for (const name of ["Mortgage Rate Drop", "Mortgage Rate Drop (2)"]) {
    const made = await runWithKey(t, ["task", "create", "--template", MORTGAGE, "--json"], {
      fetch: spy,
    });
    assert.equal(made.code, 0, made.stderr);
    const task = JSON.parse(made.stdout);
    assert.equal(task.name, name, "a template's name is made free, not refused");
    assert.equal(task.condition_description, "The average rate drops below 5.5%");
  }
  for (const body of bodies) {
    for (const field of ["schedule", "notify_behavior", "config"]) assert.ok(!(field in body));
  }
  const refused = await runWithKey(t, ["task", "create", "-t", MORTGAGE, "-s", "0 9 * * *"]);
  assert.equal(refused.code, 2, "an explicit classic-only flag is still refused on current");
});

Deno.test("task create: an unknown template exits 1 and creates nothing; no -q/-c/--template exits 2", async () => {
  await using t = await startTestApi();
  const unknown = await runWithKey(t, [
    "task",
    "create",
    "--template",
    "00000000-0000-4000-8000-000000000000",
  ]);
  assert.equal(unknown.code, 1);
  assert.match(
    unknown.stderr,
    /^Error: Template not found: "00000000-0000-4000-8000-000000000000"/,
  );
  const tasks = JSON.parse((await runWithKey(t, ["task", "list", "--json"])).stdout);
  assert.equal(tasks.length, 0);
  const bare = await runWithKey(t, ["task", "create", "-q", "Only a query"]);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /^Error: Missing --condition\n.*--template <id>/);
});

for (const generation of ["classic", "current"] as const) {
  Deno.test(`task create --email (${generation}): warns for an unverified address and still creates`, async () => {
    await using t = await startTestApi({ generation });
    const paths: string[] = [];
    const spy: typeof fetch = (
      input,
      init,
    ) => (paths.push(new URL(String(input)).pathname), fetch(input, init));
    const args = ["task", "create", "-q", "Rust 2.0", "-c", "Released", "-n", "One"];
    const unverified = await runWithKey(t, [...args, "--email", "new@example.org"], { fetch: spy });
    assert.equal(unverified.code, 0, unverified.stderr);
    assert.match(
      unverified.stderr,
      /Warning: new@example.org is not verified: Torale sends no email there until it is\nVerify it with: torale email add new@example.org, then torale email verify new@example.org <code>\n/,
    );
    const primary = await runWithKey(t, [
      "task",
      "create",
      "-q",
      "Q2",
      "-c",
      "C",
      "-n",
      "Two",
      "--email",
      "user@example.com",
    ]);
    assert.equal(primary.code, 0, primary.stderr);
    assert.doesNotMatch(primary.stderr, /Warning/);
    // The service sends only to an address verified letter for letter.
    const cased = await runWithKey(t, [
      ...args.slice(0, -2),
      "-n",
      "Cased",
      "--email",
      "User@example.com",
    ]);
    assert.equal(cased.code, 0, cased.stderr);
    assert.match(
      cased.stderr,
      /Warning: User@example.com is not verified: Torale sends no email there until it is\nuser@example.com is verified: Torale matches addresses letter for letter, so use --email user@example.com\n/,
    );

    paths.length = 0;
    const plain = await runWithKey(t, ["task", "create", "-q", "Q3", "-c", "C", "-n", "Three"], {
      fetch: spy,
    });
    assert.equal(plain.code, 0, plain.stderr);
    assert.ok(
      !paths.some((p) => p.includes("email-verification")),
      "no extra request without --email",
    );
  });
}
