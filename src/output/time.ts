/** Timestamps for people: always UTC, whatever offset the API wrote. */

/** `2025-12-04 09:55:18 UTC` from an ISO-8601 string with `Z` or `+00:00`; `-` for none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "-";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().replace("T", " ").replace(/\.\d+Z$|Z$/, "") + " UTC";
}
