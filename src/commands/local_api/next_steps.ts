/** What `torale local-api` prints when it listens: where, and the commands to run next. */

/** What the next steps depend on. */
export interface Started {
  url: string;
  generation: string;
  db: string;
  /** The database is the default one, so create-key needs no --db. */
  defaultDb: boolean;
  noauth: boolean;
}

/** `word` as a POSIX shell reads it back. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The URL clients use: one listening on every address (0.0.0.0, ::) is reached on loopback,
 * where the CLI agrees to send a key over plain http.
 */
function clientUrl(url: string): string {
  return url.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:");
}

/** The banner lines: the URL, the database, then commands that work as printed. */
export function nextSteps(started: Started): string[] {
  const url = clientUrl(started.url);
  const lines = [
    `Local Torale API (${started.generation}) on ${started.url} · Ctrl-C stops it`,
    `Database: ${started.db === ":memory:" ? "in memory, forgotten on exit" : started.db}`,
  ];
  if (started.noauth) {
    return [
      ...lines,
      "Every request acts as one test user (--noauth). Next, in another terminal:",
      `  TORALE_NOAUTH=1 torale task list --api-url ${url}`,
    ];
  }
  if (started.db === ":memory:") {
    return [
      ...lines,
      "No other process can mint a key in an in-memory database: start it with a --db file,",
      "or with --noauth to need no key.",
    ];
  }
  const db = started.defaultDb ? "" : ` --db ${shellWord(started.db)}`;
  return [
    ...lines,
    "Next, in another terminal:",
    `  torale local-api create-key --email you@example.com${db} | torale auth set-api-key --profile local --api-url ${url}`,
    "  torale task list --profile local",
  ];
}
