/** The pure profile functions: choosing, reading and rewriting profiles in the parsed file. */
import assert from "node:assert/strict";
import {
  chooseProfile,
  currentProfile,
  profileNames,
  profileValues,
  withProfile,
} from "../../src/config/profiles.ts";
import { UsageError } from "../../src/errors.ts";

const invalid = (why: string) => new Error(why);

Deno.test("the flat file is the default profile; other profiles sit under profiles", () => {
  const raw = { api_url: "http://a", team: 1, profiles: { work: { timeout: 5 } } };
  assert.deepEqual(profileNames(raw), ["default", "work"]);
  assert.deepEqual(profileValues(raw, "default", invalid), { api_url: "http://a" });
  assert.deepEqual(profileValues(raw, "work", invalid), { timeout: 5 });
  assert.deepEqual(profileValues(raw, "nope", invalid), {});
  assert.throws(
    () => profileValues({ profiles: { w: { timeout: "x" } } }, "w", invalid),
    /profile "w": "timeout" must be a number/,
  );
  // A current_profile naming no profile is ignored, not trusted.
  assert.equal(currentProfile({ current_profile: "gone" }), "default");
  assert.equal(currentProfile({ current_profile: "work", profiles: { work: {} } }), "work");
});

Deno.test("profile precedence: flag > env > the file's current profile > default", () => {
  const raw = { current_profile: "b", profiles: { a: {}, b: {}, c: {} } };
  assert.deepEqual(chooseProfile({ flag: "a", env: "c", raw }), { name: "a", source: "flag" });
  assert.deepEqual(chooseProfile({ env: "c", raw }), { name: "c", source: "env" });
  assert.deepEqual(chooseProfile({ raw }), { name: "b", source: "file" });
  assert.deepEqual(chooseProfile({ raw: {} }), { name: "default", source: "default" });
  assert.throws(() => chooseProfile({ flag: "z", raw }), UsageError);
  assert.deepEqual(chooseProfile({ flag: "z", raw, allowNew: true }), {
    name: "z",
    source: "flag",
  });
  assert.throws(() => chooseProfile({ flag: "a/b", raw, allowNew: true }), /Invalid profile name/);
});

Deno.test("a current_profile that names no profile is reported, and default is used", () => {
  const chosen = chooseProfile({ raw: { current_profile: "gone", profiles: { a: {} } } });
  assert.deepEqual(chosen, { name: "default", source: "default", missing: "gone" });
  assert.equal(chooseProfile({ raw: { current_profile: 7 } }).missing, "7");
  assert.equal(chooseProfile({ raw: { current_profile: "default" } }).missing, undefined);
  // A flag or TORALE_PROFILE decides before the file is asked.
  const raw = { current_profile: "gone", profiles: { a: {} } };
  assert.deepEqual(chooseProfile({ flag: "a", raw }), { name: "a", source: "flag" });
});

Deno.test("profiles that are not objects make the file invalid, not an empty profile", () => {
  assert.throws(
    () => profileValues({ profiles: { gone: "x" } }, "gone", invalid),
    /profile "gone" must be an object of settings/,
  );
  assert.throws(
    () => profileValues({ profiles: 5 }, "default", invalid),
    /"profiles" must be an object of profiles by name/,
  );
  assert.deepEqual(profileValues({ profiles: { w: {} }, timeout: 9 }, "default", invalid), {
    timeout: 9,
  });
});

Deno.test("withProfile keeps other keys and profiles, and drops what becomes empty", () => {
  const raw = { api_key: "k", team: "x", current_profile: "w", profiles: { w: { timeout: 3 } } };
  assert.deepEqual(
    withProfile(raw, "default", (p) => ({ ...p, timeout: 9 })),
    { api_key: "k", team: "x", timeout: 9, current_profile: "w", profiles: { w: { timeout: 3 } } },
  );
  assert.deepEqual(withProfile(raw, "w", () => null), { api_key: "k", team: "x" });
  assert.deepEqual(withProfile({ a: 1 }, "n", () => ({ timeout: 1 })), {
    a: 1,
    profiles: { n: { timeout: 1 } },
  });
});
