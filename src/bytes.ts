/** Reading a byte stream without trusting its length. */

/**
 * The whole of `stream`, or undefined as soon as it passes `limit` bytes
 * (the stream is then cancelled: the rest is never read). A missing stream
 * is empty. Bodies sent chunked announce no length, so only counting what
 * arrives bounds the memory they take.
 */
export async function readAtMost(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | undefined> {
  const parts: Uint8Array[] = [];
  let size = 0;
  // Leaving a for-await loop early cancels the stream.
  for await (const part of stream ?? []) {
    size += part.byteLength;
    if (size > limit) return undefined;
    parts.push(part);
  }
  return concat(parts);
}

/** `parts` one after the other, in one array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}
