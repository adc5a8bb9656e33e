/** Keeping API keys out of everything the CLI prints. */

/** Anything shaped like an API key, for scrubbing text we did not write. */
const KEY_LIKE = /sk_[A-Za-z0-9_-]{8,}/g;

/** The printable form of a key: `sk_...` and its last 5 characters. */
export function maskKey(key: string): string {
  // A short (malformed) key would be mostly revealed by its last 5 characters.
  if (key.length < 20) return "sk_...";
  return `sk_...${key.slice(-5)}`;
}

/** Replaces every key-shaped string in `text` with its masked form. */
export function redactKeys(text: string): string {
  return text.replace(KEY_LIKE, (match) => maskKey(match));
}
