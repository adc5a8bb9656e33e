/**
 * Reading `config.json` safely: only a regular file (a symbolic link to one
 * is followed), never a FIFO or a device, at most {@link MAX_CONFIG_BYTES},
 * strict UTF-8 (a leading byte order mark is dropped), nested at most
 * {@link MAX_DEPTH} levels, and a JSON object at the top.
 */
import { concat } from "../bytes.ts";
import { dirName } from "../paths.ts";
import { ConfigError } from "../errors.ts";

/** The largest config file read: far above any real one, small enough to hold in memory. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** How deep arrays and objects may nest: deeper ones overflow the stack when written back. */
export const MAX_DEPTH = 100;

/** `Permission denied: <path>` with the chmod fix. */
export function permissionError(path: string, action: string, cause: unknown): ConfigError {
  return new ConfigError(`Permission denied: ${path}`, {
    cause,
    hints: [
      `The CLI could not ${action} this file.`,
      `Fix the ownership and mode: chmod 700 "${dirName(path)}" && chmod 600 "${path}"`,
    ],
  });
}

/** `Invalid config file <path>: <reason>` with what to do. */
export function invalidFile(path: string, reason: string): ConfigError {
  return new ConfigError(`Invalid config file ${path}: ${reason}`, {
    hints: [
      "Fix the file by hand, or remove it and run `torale auth set-api-key`.",
    ],
  });
}

const TOO_LARGE = "it is larger than the 1 MiB limit";

/** Why `info` is not something to read, or undefined when it is a regular file of a fair size. */
function shapeProblem(info: Deno.FileInfo): string | undefined {
  if (info.isDirectory) return "it is a directory";
  if (!info.isFile) return "it is not a regular file (a FIFO, socket or device)";
  if (info.size > MAX_CONFIG_BYTES) return TOO_LARGE;
  return undefined;
}

/** The bytes of `file`, read to one past the limit and no further, whatever size it claimed. */
async function readToLimit(file: Deno.FsFile): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total <= MAX_CONFIG_BYTES) {
    const part = new Uint8Array(64 * 1024);
    const count = await file.read(part);
    if (count === null) break;
    parts.push(part.subarray(0, count));
    total += count;
  }
  return concat(parts);
}

/** The file's bytes, or undefined when there is no file. */
async function readBounded(path: string): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array;
  try {
    // Looked at before opening: opening a FIFO blocks until a writer comes.
    const problem = shapeProblem(await Deno.stat(path));
    if (problem) throw invalidFile(path, problem);
    using file = await Deno.open(path, { read: true });
    // Looked at again: the name may have been pointed elsewhere in between.
    const again = shapeProblem(await file.stat());
    if (again) throw invalidFile(path, again);
    bytes = await readToLimit(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    if (error instanceof Deno.errors.PermissionDenied) throw permissionError(path, "read", error);
    // Deno checks open() against a link's target but readFile() against the path given:
    // under --allow-read=~/.torale, only readFile may follow a config.json linked elsewhere.
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
    bytes = await Deno.readFile(path);
  }
  if (bytes.length > MAX_CONFIG_BYTES) throw invalidFile(path, TOO_LARGE);
  return bytes;
}

/** Offset of the first byte of `bytes` that is not part of valid UTF-8 (`bytes` has one). */
function firstInvalidByte(bytes: Uint8Array): number {
  let offset = 0;
  // The decoder turns each bad sequence into one U+FFFD: the first that is
  // not a literal EF BF BD starts where the bytes before it add up to.
  for (const char of new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)) {
    const code = char.codePointAt(0)!;
    const literal = bytes[offset] === 0xef && bytes[offset + 1] === 0xbf &&
      bytes[offset + 2] === 0xbd;
    if (code === 0xfffd && !literal) return offset;
    offset += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return offset;
}

/** Whether arrays and objects in `text` nest deeper than `limit`. */
function nestsDeeper(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // a backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}

/** Reads and parses `path`: the top-level object, or undefined when there is no file. */
export async function loadConfig(path: string): Promise<Record<string, unknown> | undefined> {
  const bytes = await readBounded(path);
  if (bytes === undefined) return undefined;
  // Some Windows editors start UTF-8 files with a byte order mark: it carries no content.
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    // Never decoded with replacement characters: a write would save them in place of the bytes.
    const offset = firstInvalidByte(bytes);
    const byte = bytes[offset].toString(16).toUpperCase().padStart(2, "0");
    throw invalidFile(path, `it is not valid UTF-8 (byte 0x${byte} at offset ${offset})`);
  }
  if (nestsDeeper(text, MAX_DEPTH)) {
    throw invalidFile(path, `it nests arrays or objects more than ${MAX_DEPTH} levels deep`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalidFile(path, (error as Error).message);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw invalidFile(path, "the top level must be a JSON object");
  }
  return raw as Record<string, unknown>;
}
