/**
 * What the user hands the CLI: a file named on the command line or stdin (`-`), read only up
 * to a limit (`/dev/zero`, `yes | …` or a huge file ends with an error, not with all memory),
 * and decoded as strict UTF-8 (a Latin-1 file is refused at its first bad byte, not read with
 * U+FFFD in place of its letters).
 */
import { readAtMost } from "../bytes.ts";
import type { Deps } from "../deps.ts";
import { CliError, UsageError } from "../errors.ts";

/** What is read, for errors: `torale.yaml`, `--input file "body.json"`, `stdin`. */
export interface InputOptions {
  /** Bytes past which reading stops with an error. */
  limit: number;
  /** How the input is named in errors. */
  what: string;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

/**
 * The bytes of `source` (a path, or `-` for stdin), at most `limit`. Errors opening the file
 * (not found, not allowed) are Deno's, for the caller to word.
 */
export async function readInput(
  deps: Deps,
  source: string,
  options: InputOptions,
): Promise<Uint8Array> {
  const stream = source === "-" ? deps.io.stdin.readable() : await deps.openFile(source);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readAtMost(stream, options.limit);
  } catch (error) {
    // `< /tmp` (a directory), a device that fails: the input's problem, said as such.
    throw new CliError(`Cannot read ${options.what}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (bytes === undefined) {
    throw new UsageError(`${options.what} is larger than ${sizeText(options.limit)}`, {
      hints: ["Nothing was read past that point, and nothing was sent."],
    });
  }
  return bytes;
}

/** The offset where the first byte sequence that is not UTF-8 starts, or -1. */
function firstBadSequence(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    // The number of continuation bytes, and the range of the first one (no overlong forms, no
    // surrogates, nothing past U+10FFFF).
    let more: number;
    let [low, high] = [0x80, 0xbf];
    if (lead >= 0xc2 && lead <= 0xdf) more = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      more = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      more = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= more; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) {
        return i;
      }
    }
    i += more + 1;
  }
  return -1;
}

/** `bytes` as UTF-8 text (a leading BOM dropped); invalid UTF-8 is a usage error naming the byte. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = Math.max(0, firstBadSequence(bytes));
    const line = bytes.subarray(0, at).reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 1);
    const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    throw new UsageError(
      `${what} is not UTF-8: byte 0x${hex} at offset ${at} (line ${line}) starts no UTF-8 character`,
      { hints: ["Save it as UTF-8 (e.g. iconv -f latin1 -t utf-8) and try again."] },
    );
  }
}

/**
 * The first line of `stream` (without its line break), reading no further than that line and
 * at most `limit` bytes: `yes "$KEY" | torale auth set-api-key` ends after the first line.
 */
export async function readFirstLine(
  stream: ReadableStream<Uint8Array>,
  options: InputOptions,
): Promise<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text = "";
  let size = 0;
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      const end = value.indexOf(0x0a);
      const part = end < 0 ? value : value.subarray(0, end);
      size += part.byteLength;
      if (size > options.limit) {
        throw new UsageError(
          `The first line of ${options.what} is longer than ${sizeText(options.limit)}`,
        );
      }
      text += decoder.decode(part, { stream: end < 0 });
      if (end >= 0) break;
    }
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(`${options.what} is not UTF-8 text`);
    throw error;
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text.replace(/\r$/, "");
}
