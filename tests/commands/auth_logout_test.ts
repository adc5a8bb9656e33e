/** `torale auth logout`, in-process: only the key leaves the config file. */
import assert from "node:assert/strict";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { readConfig, writeConfig } from "../helpers/config_file.ts";

Deno.test("auth logout removes only the key and notes TORALE_API_KEY", async () => {
  const home = await tempHome();
  const key = "sk_" + "L".repeat(43);
  await writeConfig(home, { api_key: key, api_url: "http://localhost:8000" });
  const result = await runInProcess(["auth", "logout"], {
    home,
    env: { TORALE_API_KEY: key },
    secrets: [key],
  });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^✓ Removed the API key from /);
  assert.match(result.stderr, /TORALE_API_KEY is still set/);
  assert.deepEqual(await readConfig(home), { api_url: "http://localhost:8000" });
  const again = await runInProcess(["auth", "logout"], { home });
  assert.match(again.stdout, /^No API key was stored in /);
});
