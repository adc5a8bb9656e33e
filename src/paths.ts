/**
 * Path helpers for the start-up path. `node:path` is avoided on purpose: it
 * boots Deno's Node compatibility layer, which costs ~8 ms per run.
 */

const SEPARATOR = Deno.build.os === "windows" ? "\\" : "/";

/** Joins path segments with the platform's separator. */
export function joinPath(...parts: string[]): string {
  return parts
    .map((
      part,
      i,
    ) => (i === 0 ? part.replace(/[\\/]+$/, "") : part.replace(/^[\\/]+|[\\/]+$/g, "")))
    .filter((part, i) => part !== "" || i === 0)
    .join(SEPARATOR);
}

/** The directory part of a path. */
export function dirName(path: string): string {
  const index = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return index <= 0 ? (index === 0 ? path[0] : ".") : path.slice(0, index);
}

/**
 * The path of a `file:` URL (`file:///C:/x` → `C:\x` on Windows), as node:url's
 * `fileURLToPath` gives it for local files, without loading node:url on the start-up path.
 */
export function pathFromFileUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "file:") throw new TypeError(`not a file URL: ${url}`);
  const path = decodeURIComponent(parsed.pathname);
  if (Deno.build.os !== "windows") return path;
  const local = path.replace(/^\/([A-Za-z]:)/, "$1").replaceAll("/", "\\");
  return parsed.hostname ? `\\\\${parsed.hostname}${local}` : local;
}
