/**
 * A private Secret Service for tests and `deno task bench`: a D-Bus session
 * daemon and Debian's gnome-keyring, both children of this process, stopped
 * by their handles. Nothing of the user's own session is touched.
 */
/** Whether `program` is on PATH. */
function has(program: string): boolean {
  return new Deno.Command("sh", { args: ["-c", `command -v ${program}`], stdout: "null" })
    .outputSync().success;
}
/** Whether this machine can run a private Secret Service (Linux with gnome-keyring and D-Bus). */
export function secretServiceAvailable(): boolean {
  return Deno.build.os === "linux" && has("dbus-daemon") && has("dbus-send") &&
    has("gnome-keyring-daemon");
}

/**
 * A private session bus with an unlocked gnome-keyring on it (its keyrings
 * under `home`), stopped by its handles when disposed.
 */
export async function startSecretService(home: string) {
  const bus = new Deno.Command("dbus-daemon", {
    args: ["--session", "--nofork", "--nopidfile", "--print-address=1"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = bus.stdout.getReader();
  let address = "";
  while (!address.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("dbus-daemon did not print its address");
    address += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const env = {
    HOME: home,
    DBUS_SESSION_BUS_ADDRESS: address.trim(),
    XDG_RUNTIME_DIR: home,
    PATH: Deno.env.get("PATH") ?? "",
  };
  const keyring = new Deno.Command("gnome-keyring-daemon", {
    args: ["--foreground", "--unlock", "--components=secrets"],
    clearEnv: true,
    env,
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const writer = keyring.stdin.getWriter();
  await writer.write(new TextEncoder().encode("test-keyring-password"));
  await writer.close();
  // Ready once the Secret Service name is owned on the bus.
  for (let i = 0; i < 100; i++) {
    const probe = await new Deno.Command("dbus-send", {
      args: [
        "--session",
        "--print-reply",
        "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus.NameHasOwner",
        "string:org.freedesktop.secrets",
      ],
      env,
      stdout: "piped",
      stderr: "null",
    }).output();
    if (new TextDecoder().decode(probe.stdout).includes("boolean true")) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    address: env.DBUS_SESSION_BUS_ADDRESS,
    async [Symbol.asyncDispose]() {
      for (const child of [keyring, bus]) {
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
        await child.status;
      }
      await bus.stdout.cancel().catch(() => {});
    },
  };
}
