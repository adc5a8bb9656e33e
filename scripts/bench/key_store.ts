/** `deno task bench`'s key-store part: what reading the key from a real Secret Service costs. */
import { join } from "node:path";
import { cliPermissionFlags } from "../permissions.ts";
import { denoDir } from "../deno_dir.ts";
import { secretServiceAvailable, startSecretService } from "../secret_service.ts";
import { compare, fmt, RUNS } from "./measure.ts";

const ROOT = join(import.meta.dirname!, "..", "..");

/** `auth token` with the key in the file against the same with it in the Secret Service. */
export async function keyStore(bundle: string) {
  console.log(`\nReading the key from the OS credential store (median of ${RUNS} runs)`);
  if (!secretServiceAvailable()) {
    console.log("skipped: no dbus-daemon and gnome-keyring-daemon on this machine");
    return;
  }
  const key = "sk_" + "b".repeat(43);
  const home = await Deno.makeTempDir({ prefix: "torale-bench-" });
  await using service = await startSecretService(home);
  const env = {
    HOME: home,
    PATH: Deno.env.get("PATH") ?? "",
    NO_COLOR: "1",
    DENO_DIR: await denoDir(),
    DBUS_SESSION_BUS_ADDRESS: service.address,
  };
  const run = (
    args: string[],
  ) => ["run", ...cliPermissionFlags(), bundle, ...args];
  // One HOME, two profiles: "file" keeps its key in config.json, "store" in the Secret Service.
  for (const [profile, flags] of [["file", ["--insecure-storage"]], ["store", []]] as const) {
    const saved = await new Deno.Command(Deno.execPath(), {
      args: run([
        "auth",
        "set-api-key",
        "--no-verify",
        "--key",
        key,
        "--profile",
        profile,
        ...flags,
      ]),
      env,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!saved.success) throw new Error(new TextDecoder().decode(saved.stderr));
  }
  const { base: empty, rows } = await compare(
    [
      { name: "auth token, key in the file", args: run(["auth", "token", "--profile", "file"]) },
      {
        name: "auth token, key in the Secret Service",
        args: run(["auth", "token", "--profile", "store"]),
      },
    ],
    ["run", join(ROOT, "scripts", "bench", "empty.ts")],
    env,
  );
  console.log(`| case | ms | × empty script |`);
  console.log(`|---|---|---|`);
  console.log(`| empty Deno script | ${fmt(empty)} | 1.00 |`);
  for (const row of rows) console.log(`| ${row.name} | ${fmt(row.ms)} | ${fmt(row.ratio, 2)} |`);
  console.log(`extra cost of the store: ${fmt(rows[1].ms - rows[0].ms)} ms`);
}
