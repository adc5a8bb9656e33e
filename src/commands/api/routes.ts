/** `torale api`: its spec; the verb is loaded only when it runs. */
import { UsageError } from "../../errors.ts";
import { arg, args, command, completesFrom, optionalText, toggle } from "../../kit/spec.ts";

/** The methods `-X` accepts. */
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;

/** `-X put` is `-X PUT`; anything else is a usage error. */
function method(input: string): string {
  const upper = input.trim().toUpperCase();
  if (!(METHODS as readonly string[]).includes(upper)) {
    throw new UsageError(`expected one of ${METHODS.join(", ")}`);
  }
  return upper;
}

/** `torale api <path>`. */
export function apiCommand() {
  return command({
    load: async () => (await import("./api.ts")).default,
    parameters: {
      flags: {
        method: {
          kind: "parsed",
          parse: method,
          brief: "HTTP method (default GET; POST when -f, -F or --input gives data)",
          placeholder: "method",
          optional: true,
          ...completesFrom(METHODS),
        },
        rawField: {
          kind: "parsed",
          parse: String,
          brief: "A string field of the body (as gh -f); a query parameter for GET",
          placeholder: "key=value",
          optional: true,
          variadic: true,
        },
        field: {
          kind: "parsed",
          parse: String,
          brief:
            "A typed field: true, false, null, numbers as JSON; @file (@- stdin) a file's text",
          placeholder: "key=value",
          optional: true,
          variadic: true,
        },
        input: optionalText("Send this file as the JSON body, or - for stdin", "file"),
        include: toggle("Print the status line and response headers first"),
        paginate: toggle("GET every page of a route that takes offset; print every item"),
      },
      aliases: { X: "method", f: "rawField", F: "field", i: "include" },
      positional: args(arg("API path, starting with / (a full URL is refused)", "path")),
    },
    brief: "Make an authenticated request to the Torale API and print the answer",
    description: [
      "Sends the request to the API URL in use with your key, under the CLI's rules for",
      "proxies, timeouts, retries and redaction, and prints the JSON answer (--jq filters it).",
      "The path must start with /: the key is never sent to another host.",
      "Fields make a JSON body for POST, PUT and PATCH, and query parameters for GET, DELETE,",
      "HEAD or beside --input: -f sends strings, -F sends true, false, null and numbers as JSON",
      "(as gh api does), numbers as written (9007199254740993 is not rounded). Numbers in the",
      "answer keep their text in --json and --jq too. With a field or --input the method is",
      "POST unless -X says otherwise.",
      "HTTP errors exit 1 (401: exit 4) with the answer on stderr. A 429 (rate limited) is",
      "sent again after 15 s, or its Retry-After, saying so on stderr; past 90 s, exit 5.",
      "--paginate GETs /api/v1/notifications/sends or /api/v1/public/tasks page by page (offset)",
      "and prints one answer holding every item; other routes are not paged and come back whole.",
    ],
    examples: [
      "torale api /auth/me",
      "torale api /api/v1/tasks/ --jq '.[].name'",
      'torale api -X PUT "/api/v1/tasks/$ID" -f state=paused',
      'torale api -X PATCH "/api/v1/tasks/$ID/visibility" -F is_public=true',
      "torale api '/api/v1/tasks/?state=active' -i",
      `echo '{"search_query": "Rust 2.0 release"}' | torale api /api/v1/tasks/ --input -`,
      "torale api /api/v1/notifications/sends --paginate --jq '.sends[].recipient'",
    ],
  });
}
