/** `torale email …` against a real local API of each generation, in-process. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runNoAuth, runWithKey, tempHome } from "../helpers/cli.ts";
import { dedent } from "../helpers/dedent.ts";
import { json, type Stub, stubFetch } from "../helpers/fetch_stub.ts";

const OTHER = "alerts@example.org";

for (const generation of ["classic", "current"] as const) {
  Deno.test(`email (${generation}): add, read the code from the server, verify, list, remove`, async () => {
    await using t = await startTestApi({ generation });
    const home = await tempHome();
    const added = await runWithKey(t, ["email", "add", OTHER], { home });
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.stdout, `✓ Sent a verification code to ${OTHER}\n`);
    assert.match(
      added.stderr,
      /6-digit code \(valid 15 minutes; a local API writes it to its log\)/,
    );
    assert.match(added.stderr, new RegExp(`Then run: torale email verify ${OTHER} <code>`));

    const code = t.api.verificationCode(OTHER)!;
    const verified = await runWithKey(t, ["email", "verify", OTHER, code], { home });
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(verified.stdout, `✓ Verified ${OTHER}\n`);

    const listed = await runWithKey(t, ["email", "list"], { home });
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(
      listed.stdout,
      dedent`
        EMAIL\tPRIMARY
        user@example.com\tyes
        ${OTHER}\t
      `,
    );
    const json = JSON.parse((await runWithKey(t, ["email", "list", "--json"], { home })).stdout);
    assert.deepEqual(json, {
      verified_emails: ["user@example.com", OTHER],
      primary_email: "user@example.com",
    });

    const again = await runWithKey(t, ["email", "add", OTHER, "--json"], { home });
    assert.deepEqual(JSON.parse(again.stdout), {
      email: OTHER,
      status: "already_verified",
      expires_in_minutes: null,
    });

    const refused = await runWithKey(t, ["email", "remove", OTHER], { home });
    assert.equal(refused.code, 2, "no --yes off a terminal");
    assert.match(refused.stderr, /--yes/);
    const removed = await runWithKey(t, ["email", "remove", OTHER, "--yes"], { home });
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, `✓ Removed ${OTHER}\n`);
    const after = JSON.parse((await runWithKey(t, ["email", "list", "--json"], { home })).stdout);
    assert.deepEqual(after.verified_emails, ["user@example.com"]);
  });
}

Deno.test("email remove asks on a terminal and keeps the address when the answer is no", async () => {
  await using t = await startTestApi();
  await runWithKey(t, ["email", "add", OTHER]);
  await runWithKey(t, ["email", "verify", OTHER, t.api.verificationCode(OTHER)!]);
  const questions: string[] = [];
  const kept = await runWithKey(t, ["email", "remove", OTHER], {
    stdinIsTerminal: true,
    prompt: { confirm: (message) => (questions.push(message), Promise.resolve(false)) },
  });
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(questions[0], new RegExp(`^Remove ${OTHER}\\?`));
  assert.match(kept.stderr, /Cancelled; the address is still verified/);
  const list = JSON.parse((await runWithKey(t, ["email", "list", "--json"])).stdout);
  assert.ok(list.verified_emails.includes(OTHER));
});

Deno.test("email verify: a wrong code exits 1 with the server's attempts-remaining text", async () => {
  await using t = await startTestApi({ generation: "current" });
  await runWithKey(t, ["email", "add", OTHER]);
  const right = t.api.verificationCode(OTHER)!;
  const wrong = right === "000000" ? "111111" : "000000";
  const result = await runWithKey(t, ["email", "verify", OTHER, wrong]);
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    dedent`
      Error: Invalid code. 4 attempts remaining.
      Check the code sent to ${OTHER}, or request a new one with: torale email add ${OTHER}
    `,
  );
  const none = await runWithKey(t, ["email", "verify", "nobody@example.org", "123456"]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^Error: No verification pending for this email\nSend a code first/);
});

Deno.test("email: an invalid address or code exits 2 before any request", async () => {
  let requests = 0;
  const fetchCounting: typeof fetch = (...args) => (requests++, fetch(...args));
  await using t = await startTestApi();
  for (
    const args of [
      ["email", "add", "not-an-address"],
      ["email", "verify", "a@b", "123456"],
      ["email", "remove", "x@", "--yes"],
      ["email", "verify", OTHER, "12ab56"],
    ]
  ) {
    const result = await runWithKey(t, args, { fetch: fetchCounting });
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, /^Error: Invalid (email address|code) "/);
  }
  assert.equal(requests, 0);
});

Deno.test("email remove: the primary address is a clear error, an unknown one too", async () => {
  await using t = await startTestApi();
  const primary = await runWithKey(t, ["email", "remove", "user@example.com", "--yes"]);
  assert.equal(primary.code, 1);
  assert.match(
    primary.stderr,
    /^Error: Cannot remove user@example.com: it is your account's primary address\n/,
  );
  const unknown = await runWithKey(t, ["email", "remove", "nobody@example.org", "--yes"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^Error: nobody@example.org is not one of your verified addresses/);
});

Deno.test("email add: the fourth code within an hour is a clear 429 message", async () => {
  await using t = await startTestApi();
  for (const n of [1, 2, 3]) {
    const sent = await runWithKey(t, ["email", "add", `a${n}@example.org`]);
    assert.equal(sent.code, 0, sent.stderr);
  }
  const limited = await runWithKey(t, ["email", "add", "a4@example.org"]);
  assert.equal(limited.code, 1);
  assert.equal(
    limited.stderr,
    dedent`
      Error: Too many verification requests. Please try again later.
      The API sends at most 3 codes an hour per account; try again later.
    `,
  );
});

// Both Torale generations answer 500 to every POST …/verify with a pending code (a naive and
// an aware datetime compared before the code is looked at): the address stays unverified.
const verifyFails: Stub = {
  method: "POST",
  path: "/api/v1/email-verification/verify",
  respond: () =>
    new Response("Internal Server Error", {
      status: 500,
      headers: { "content-type": "text/plain; charset=utf-8" },
    }),
};

function verifiedList(...extra: string[]): Stub {
  return {
    method: "GET",
    path: "/api/v1/email-verification/verified-emails",
    respond: () =>
      json(200, { verified_emails: ["me@example.com", ...extra], primary_email: "me@example.com" }),
  };
}

async function verifyWith(stubs: Stub[]) {
  const stub = stubFetch(stubs);
  const result = await runNoAuth(["email", "verify", OTHER, "123456"], { fetch: stub.fetch });
  stub.assertDone();
  return result;
}

Deno.test("email verify: a 500 says it is the service's fault and the address stays unverified", async () => {
  const result = await verifyWith([verifyFails, verifiedList()]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.equal(
    result.stderr,
    dedent`
      Error: The service failed while checking the code (HTTP 500); ${OTHER} is still unverified
      HTTP 500 is a fault on the service's side, not a verdict on your code.
      The Torale API fails every verification this way, and its web app (https://torale.ai/settings/notifications) sends the same request, so retrying does not help until the service is fixed.
      Meanwhile a task can notify your account's own address (me@example.com) or a webhook (task create --webhook).
    `,
  );
});

Deno.test("email verify: a 500 whose read-back lists the address verified succeeds with a warning", async () => {
  const result = await verifyWith([verifyFails, verifiedList(OTHER)]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `✓ Verified ${OTHER}\n`);
  assert.match(
    result.stderr,
    new RegExp(`^Warning: The service answered HTTP 500, but it lists ${OTHER} as verified\n`),
  );
});

Deno.test("email verify: a 500 whose read-back fails says the address may or may not be verified", async () => {
  const result = await verifyWith([verifyFails, {
    ...verifiedList(),
    respond: () => json(500, {}),
  }]);
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    dedent`
      Error: The service failed while checking the code (HTTP 500), and the verified list could not be read: ${OTHER} may or may not be verified
      Check with: torale email list
    `,
  );
});
