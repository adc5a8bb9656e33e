/**
 * UUID path parameters: what FastAPI (pydantic-core 2.41, the `uuid` crate 1.18) takes, and
 * its 422 in the crate's own words, the same on both generations.
 */
import assert from "node:assert/strict";
import { parseUuid } from "../../local_api/uuid.ts";
import { startTestApi } from "../helpers/api.ts";
import { client, startCurrentApi } from "./client.ts";

const ID = "7e3a1c11-0000-4000-8000-000000000011";

Deno.test("parseUuid takes the uuid crate's four forms, any case, and nothing else", () => {
  for (
    const form of [
      ID,
      ID.toUpperCase(),
      ID.replaceAll("-", ""),
      `{${ID}}`,
      `urn:uuid:${ID}`,
    ]
  ) {
    assert.equal(parseUuid(form, "task_id"), ID, form);
  }
  // Hyphens anywhere else, or some of them only, are no UUID to the crate.
  for (const form of ["7e3a1c1100004000-8000-000000000011", `URN:UUID:${ID}`, `{${ID}`]) {
    assert.equal(typeof parseUuid(form, "task_id"), "object", form);
  }
});

Deno.test("parseUuid's 422 says what the uuid crate says", () => {
  const cases: [string, string][] = [
    [
      "nope",
      "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1",
    ],
    ["abc", "invalid length: expected length 32 for simple format, found 3"],
    ["7e3a1c11", "invalid length: expected length 32 for simple format, found 8"],
    ["7e3a1c11-0000", "invalid group count: expected 5, found 2"],
    [
      "7e3a1c1-10000-4000-8000-000000000011",
      "invalid group length in group 0: expected 8, found 7",
    ],
    [`${ID}1`, "invalid group length in group 4: expected 12, found 13"],
    [
      `${ID.slice(0, -1)}g`,
      "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `g` at 36",
    ],
    [
      `{${ID.slice(0, -1)}g}`,
      "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `g` at 37",
    ],
    [
      "aé",
      "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `é` at 2",
    ],
    ["{}", "invalid group count: expected 5, found 1"],
  ];
  for (const [input, error] of cases) {
    assert.deepEqual(parseUuid(input, "task_id"), {
      type: "uuid_parsing",
      loc: ["path", "task_id"],
      msg: `Input should be a valid UUID, ${error}`,
      input,
      ctx: { error },
    });
  }
});

Deno.test("a malformed id in a path is that 422 on both generations", async () => {
  for (const start of [startTestApi, startCurrentApi]) {
    await using local = await start();
    const res = await client(local, local.key)("GET", "/api/v1/tasks/7e3a1c11-0000");
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.json.detail[0].msg,
      "Input should be a valid UUID, invalid group count: expected 5, found 2",
    );
  }
});
