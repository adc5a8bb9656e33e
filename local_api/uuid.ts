/** UUID path parameters as FastAPI reads them: pydantic-core's UUID, with its 422 wording. */
import type { Issue } from "./validate.ts";

/**
 * A canonical lowercase UUID, or the 422 issue for a path parameter. What pydantic-core
 * (2.41) takes is what the `uuid` crate (1.18) parses: 32 hex digits, the hyphenated 8-4-4-4-12
 * form, either braced or after `urn:uuid:`; the issue carries the crate's own wording.
 */
export function parseUuid(value: string, name: string): string | Issue {
  const hyphenated = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const body = value.length === 38 && value.startsWith("{") && value.endsWith("}")
    ? value.slice(1, -1)
    : value.length === 45 && value.startsWith("urn:uuid:")
    ? value.slice(9)
    : value;
  if ((value.length === 32 && /^[0-9a-f]{32}$/i.test(value)) || hyphenated.test(body)) {
    const hex = body.replace(/-/g, "").toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
      hex.slice(20)
    }`;
  }
  const detail = uuidError(value);
  return {
    type: "uuid_parsing",
    loc: ["path", name],
    msg: `Input should be a valid UUID, ${detail}`,
    input: value,
    ctx: { error: detail },
  };
}

/** The `uuid` crate's message for a string it does not parse (`InvalidUuid::into_err`). */
function uuidError(input: string): string {
  const bytes = new TextEncoder().encode(input).length;
  const [text, offset, simple] = input.length >= 2 && input.startsWith("{") && input.endsWith("}")
    ? [input.slice(1, -1), 1, false]
    : input.startsWith("urn:uuid:")
    ? [input.slice(9), 9, false]
    : [input, 0, true];
  let hyphens = 0;
  const bounds: number[] = [];
  let index = 0; // in UTF-8 bytes, as Rust's char_indices
  for (const character of text) {
    if (character === "-") {
      if (hyphens < 4) bounds.push(index);
      hyphens++;
    } else if (character.codePointAt(0)! > 0x7f || !/[0-9a-f]/i.test(character)) {
      return "invalid character: expected an optional prefix of `urn:uuid:` followed by " +
        `[0-9a-fA-F-], found \`${character}\` at ${index + offset + 1}`;
    }
    index += new TextEncoder().encode(character).length;
  }
  if (hyphens === 0 && simple) {
    return `invalid length: expected length 32 for simple format, found ${bytes}`;
  }
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  const starts = [0, 9, 14, 19, 24];
  const expected = [8, 4, 4, 4, 12];
  for (let group = 0; group < 4; group++) {
    if (bounds[group] !== starts[group + 1] - 1) {
      return `invalid group length in group ${group}: expected ${expected[group]}, found ${
        bounds[group] - starts[group]
      }`;
    }
  }
  return `invalid group length in group 4: expected 12, found ${bytes - starts[4]}`;
}
