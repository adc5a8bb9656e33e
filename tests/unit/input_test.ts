/** Reading what the user hands the CLI (src/kit/input.ts): bounded, first line only, strict UTF-8. */
import assert from "node:assert/strict";
import { decodeUtf8, readFirstLine, readInput } from "../../src/kit/input.ts";
import type { Deps } from "../../src/deps.ts";
import { CliError, UsageError } from "../../src/errors.ts";

const bytes = (...values: number[]) => new Uint8Array(values);

Deno.test("decodeUtf8 names the first byte that starts no UTF-8 character, with its line", () => {
  const latin1 = new Uint8Array([...new TextEncoder().encode("a: 1\nCaf"), 0xe9, 0x0a]);
  assert.throws(() => decodeUtf8(latin1, "torale.yaml"), {
    message: "torale.yaml is not UTF-8: byte 0xE9 at offset 8 (line 2) starts no UTF-8 character",
  });
  const cases: [Uint8Array, number][] = [
    [bytes(0x61, 0xc0, 0x80), 1], // overlong
    [bytes(0xed, 0xa0, 0x80), 0], // a surrogate
    [bytes(0x61, 0x62, 0xe2, 0x82), 2], // cut at the end
    [bytes(0xf4, 0x90, 0x80, 0x80), 0], // past U+10FFFF
    [bytes(0xe2, 0x82, 0xac, 0xff), 3], // € then a byte that is never UTF-8
  ];
  for (const [input, offset] of cases) {
    assert.throws(() => decodeUtf8(input, "f"), { message: new RegExp(`at offset ${offset} `) });
  }
  assert.equal(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x61, 0xe2, 0x82, 0xac), "f"), "a€");
});

Deno.test("readFirstLine stops after the first line of an endless stream", async () => {
  let pulls = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      controller.enqueue(new TextEncoder().encode("sk_line\r\n".repeat(1000)));
    },
  });
  assert.equal(await readFirstLine(endless, { limit: 4096, what: "stdin" }), "sk_line");
  assert(pulls <= 2, `read ${pulls} chunks`);
  const noBreak = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(new Uint8Array(1024).fill(0x79));
    },
  });
  await assert.rejects(readFirstLine(noBreak, { limit: 4096, what: "stdin" }), {
    message: "The first line of stdin is longer than 4 KiB",
  });
});

Deno.test("a read that fails (stdin from a directory) is an error that says what could not be read", async () => {
  const failing = new ReadableStream<Uint8Array>({
    pull() {
      throw new Error("Is a directory (os error 21)");
    },
  });
  const deps = { io: { stdin: { readable: () => failing } } } as unknown as Deps;
  await assert.rejects(
    readInput(deps, "-", { limit: 1024, what: "the body on stdin" }),
    (error: unknown) =>
      error instanceof CliError && !(error instanceof UsageError) &&
      error.message === "Cannot read the body on stdin: Is a directory (os error 21)",
  );
});
