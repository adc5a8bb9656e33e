/** `torale auth whoami` against a real local API over HTTP, in-process. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runWithKey, tempHome } from "../helpers/cli.ts";
import { dedent } from "../helpers/dedent.ts";

Deno.test("auth whoami prints id, email and state as JSON, and YAML with --yaml", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const result = await runWithKey(t, ["auth", "whoami"], { home });
  assert.equal(result.code, 0, result.stderr);
  const user = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(user), ["id", "email", "state"]);
  assert.equal(user.email, "user@example.com");
  assert.equal(user.state, "active");
  const yaml = await runWithKey(t, ["auth", "whoami", "--yaml"], { home });
  assert.equal(
    yaml.stdout,
    dedent`
      id: ${user.id}
      email: user@example.com
      state: active
    `,
  );
});
