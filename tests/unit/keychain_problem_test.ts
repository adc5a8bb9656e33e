/** Why the OS credential store is unavailable, worded for people (src/system/keychain.ts). */
import assert from "node:assert/strict";
import { storeProblem } from "../../src/system/keychain.ts";

Deno.test("a missing D-Bus session or Secret Service is named plainly; anything else is kept", () => {
  assert.equal(
    storeProblem(
      "Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead",
    ),
    "no D-Bus session (usual on servers, containers and CI runners)",
  );
  assert.equal(
    storeProblem(
      "Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files",
    ),
    "no Secret Service (gnome-keyring, KeePassXC…) is running",
  );
  assert.equal(
    storeProblem("Locked: the collection is locked"),
    "Locked: the collection is locked",
  );
});
