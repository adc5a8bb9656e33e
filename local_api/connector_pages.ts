/**
 * The connectors' registry and pages of the current service: the toolkits it offers
 * (d64cd83 `connectors/registry.py`, with its copy) and the HTML its OAuth callback answers
 * (`api/routers/connectors.py`), byte for byte.
 */

/** One toolkit the service offers. */
export interface Toolkit {
  slug: string;
  display_name: string;
  description: string;
}

/** `TOOLKIT_REGISTRY`, in its order (which `GET /api/v1/connectors` follows too). */
export const TOOLKITS: readonly Toolkit[] = [
  {
    slug: "notion",
    display_name: "Notion",
    description: "Lets the agent read pages and databases in your Notion workspace.",
  },
  {
    slug: "linear",
    display_name: "Linear",
    description: "Lets the agent read issues, projects, and cycles from Linear.",
  },
  {
    slug: "github",
    display_name: "GitHub",
    description: "Lets the agent read issues, PRs, and repository metadata from GitHub.",
  },
];

/** The registered toolkit with this slug, if any. */
export function toolkit(slug: string): Toolkit | undefined {
  return TOOLKITS.find((entry) => entry.slug === slug);
}

function callbackPage(
  statusClass: string,
  borderColor: string,
  title: string,
  body: string,
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Connection complete</title>
<style>
  body { font-family: -apple-system, system-ui, sans-serif; background: #fafafa;
         color: #18181b; display: grid; place-items: center; min-height: 100vh;
         margin: 0; }
  .panel { max-width: 420px; padding: 2rem; border: 2px solid #18181b;
           background: white; }
  h1 { font-size: 1.25rem; margin: 0 0 0.5rem; }
  p { margin: 0; color: #52525b; font-size: 0.9rem; }
  .status-${statusClass} { border-color: ${borderColor}; }
</style>
</head>
<body>
  <div class="panel status-${statusClass}">
    <h1>${title}</h1>
    <p>${body}</p>
  </div>
</body>
</html>`;
}

/** The callback's page when the connection did not complete (the `<title>` is upstream's). */
export const CALLBACK_FAILED_HTML = callbackPage(
  "failed",
  "#ef4444",
  "Connection failed",
  "Something went wrong. Close this tab and try again from Torale.",
);

/** The callback's page when the connection is active. */
export const CALLBACK_SUCCESS_HTML = callbackPage(
  "success",
  "#10b981",
  "Connection complete",
  "You can close this tab and return to Torale.",
);
